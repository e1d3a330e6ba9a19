// knowledge/data/report_texts.json: every key the report fills, with its
// placeholders, and a development-path phrase for every goal of the intake; a
// file that lacks one stops loading and names the key.
#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "knowledge/report_texts.h"
#include "tests/support/knowledge_fixture.h"
#include "tests/support/temp_dir.h"

namespace careerbot::knowledge {
namespace {

nlohmann::json ShippedTexts() {
  std::ifstream in(std::string(CAREERBOT_KNOWLEDGE_DIR) + "/report_texts.json");
  REQUIRE(in);
  return nlohmann::json::parse(in);
}

Status LoadEdited(const nlohmann::json& doc) {
  testing::TempDir dir;
  const std::string path = dir.File("report_texts.json");
  std::ofstream(path) << doc.dump();
  TextCatalog texts;
  return LoadReportTexts(path, testing::ShippedKnowledge().flow, &texts);
}

TEST_CASE("report texts: the shipped file has every key in both languages") {
  const TextCatalog& texts = testing::ShippedKnowledge().report_texts;
  CHECK(texts.Render("report.section.training", Lang::kZh) == "职业培训建议");
  CHECK(texts.Render("report.section.training", Lang::kEn) == "Training suggestions");
  CHECK(texts.Render("report.subtitle.final", Lang::kEn, {{"version", "2"}, {"date", "2026-11-27"}}) ==
        "Version 2 · finalized 2026-11-27");
  CHECK(LoadEdited(ShippedTexts()).ok());
}

TEST_CASE("report texts: a missing key or a placeholder the code does not fill stops loading") {
  nlohmann::json doc = ShippedTexts();
  doc.erase("report.path.goal.promotion");
  Status s = LoadEdited(doc);
  CHECK(s.code() == Status::Code::kInvalidArgument);
  CHECK(s.message().find("missing text \"report.path.goal.promotion\"") != std::string::npos);

  doc = ShippedTexts();
  doc["report.results.holland"] = {{"zh", "代码 {code} {extra}"}, {"en", "Code {code} {extra}"}};
  s = LoadEdited(doc);
  CHECK(s.code() == Status::Code::kInvalidArgument);
  CHECK(s.message().find("\"report.results.holland\" has an unknown placeholder {extra}") != std::string::npos);
}

}  // namespace
}  // namespace careerbot::knowledge
