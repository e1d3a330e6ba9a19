// The dialog's fixed texts come from knowledge/data/texts.json: an engine is not
// created over a texts.json that lacks one (here the list separator the intake
// answers, the scale ranking and "my data" are joined with).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "dialog/dialog_engine.h"
#include "knowledge/knowledge_base.h"
#include "tests/support/temp_dir.h"

namespace careerbot::dialog {
namespace {

TEST_CASE("dialog texts: the engine refuses a texts.json without a separator it joins lists with") {
  namespace fs = std::filesystem;
  testing::TempDir dir;
  const std::string knowledge = dir.File("knowledge");
  fs::copy(CAREERBOT_KNOWLEDGE_DIR, knowledge, fs::copy_options::recursive);
  for (const char* key : {"list.separator", "mydata.field_separator"}) {
    CAPTURE(key);
    auto texts =
        nlohmann::json::parse(std::ifstream(std::string(CAREERBOT_KNOWLEDGE_DIR) + "/texts.json"));
    REQUIRE(texts.contains(key));
    texts.erase(key);
    std::ofstream(knowledge + "/texts.json") << texts.dump();
    knowledge::KnowledgeBase kb;
    REQUIRE(knowledge::LoadKnowledgeBase(knowledge, &kb).ok());
    std::unique_ptr<DialogEngine> engine;
    const Status s = DialogEngine::Create(kb, {}, &engine);
    CHECK(s.message() == knowledge + "/texts.json: missing text \"" + key + "\"");
    CHECK(engine == nullptr);
  }
}

}  // namespace
}  // namespace careerbot::dialog
