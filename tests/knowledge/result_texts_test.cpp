// knowledge/data/result_texts.json: the phrases of a result, its validity checks,
// an occupation match and a training suggestion, in zh and en. A file that lacks a
// key, a language, or fills a placeholder the code does not give stops loading
// with an error naming the file and the key.
#include "knowledge/result_texts.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "knowledge/knowledge_base.h"
#include "tests/support/knowledge_fixture.h"
#include "tests/support/temp_dir.h"

namespace careerbot::knowledge {
namespace {

nlohmann::json ShippedTexts() {
  std::ifstream in(std::string(CAREERBOT_KNOWLEDGE_DIR) + "/result_texts.json");
  REQUIRE(in);
  return nlohmann::json::parse(in);
}

// Writes `doc` to `path` and loads it as the result texts.
Status LoadEdited(const std::string& path, const nlohmann::json& doc) {
  std::ofstream(path) << doc.dump();
  TextCatalog texts;
  return LoadResultTexts(path, &texts);
}

TEST_CASE("result texts: the shipped file gives every phrase in zh and en") {
  const TextCatalog& texts = testing::ShippedKnowledge().result_texts;
  const TextParams unscored = {{"scale", "现实型 (R)"}, {"items", "8"}, {"answered", "7"}};
  CHECK(texts.Render("summary.scale_unscored", Lang::kZh, unscored) ==
        "现实型 (R)：未计分（8 题中答了 7 题，不做插补）");
  CHECK(texts.Render("summary.scale_unscored", Lang::kEn,
                     {{"scale", "Realistic (R)"}, {"items", "8"}, {"answered", "7"}}) ==
        "Realistic (R): not scored (7 of 8 items answered; no imputation)");
  CHECK(texts.Render(
            TextRef{"validity.straight_lining.all_same", {{"answered", "50"}, {"answer", "3"}}},
            Lang::kZh) ==
        "全部 50 个回答都相同（均为 3），结果可能不能反映真实情况，使用前请与咨询师一起核实。");
  CHECK(texts.Render("match.why.values", Lang::kEn, {{"r", "0.41"}}) == "; work values r = 0.41");
  CHECK(texts.Render("summary.ranking_separator", Lang::kZh) == " > ");
  testing::TempDir dir;
  CHECK(LoadEdited(dir.File("result_texts.json"), ShippedTexts()).ok());
}

TEST_CASE(
    "result texts: a missing key, a missing language or an unknown placeholder stops loading") {
  testing::TempDir dir;
  const std::string path = dir.File("result_texts.json");
  nlohmann::json doc = ShippedTexts();

  SUBCASE("a validity message is missing") {
    doc.erase("validity.straight_lining.all_same");
    const Status s = LoadEdited(path, doc);
    CHECK(s.code() == Status::Code::kInvalidArgument);
    CHECK(s.message() == path + ": missing text \"validity.straight_lining.all_same\"");
  }
  SUBCASE("the occupation-match explanation is missing") {
    doc.erase("match.why");
    CHECK(LoadEdited(path, doc).message() == path + ": missing text \"match.why\"");
  }
  SUBCASE("a result phrase lacks its English text") {
    doc.at("summary.scale_unscored").erase("en");
    CHECK(LoadEdited(path, doc).message() ==
          path + ": text \"summary.scale_unscored\": missing the \"en\" text");
  }
  SUBCASE("a text fills a placeholder the code does not give") {
    doc["training.reason.occupation"] = {{"zh", "适合职业：{title}（{code}）"},
                                         {"en", "fits {title} ({code})"}};
    CHECK(LoadEdited(path, doc).message() ==
          path +
              ": text \"training.reason.occupation\" has an unknown "
              "placeholder {code} (known: {title})");
  }
}

TEST_CASE("result texts: the knowledge base does not load without result_texts.json's keys") {
  namespace fs = std::filesystem;
  testing::TempDir dir;
  const std::string knowledge = dir.File("knowledge");
  fs::copy(CAREERBOT_KNOWLEDGE_DIR, knowledge, fs::copy_options::recursive);
  nlohmann::json doc = ShippedTexts();
  doc.erase("summary.holland_code");
  std::ofstream(knowledge + "/result_texts.json") << doc.dump();
  KnowledgeBase kb;
  const Status s = LoadKnowledgeBase(knowledge, &kb);
  CHECK(s.message() == knowledge + "/result_texts.json: missing text \"summary.holland_code\"");

  fs::remove(knowledge + "/result_texts.json");
  CHECK(LoadKnowledgeBase(knowledge, &kb).message() ==
        knowledge + "/result_texts.json: cannot open the file");
}

}  // namespace
}  // namespace careerbot::knowledge
