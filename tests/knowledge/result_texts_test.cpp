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
#include <vector>

#include "knowledge/knowledge_base.h"
#include "knowledge/occupations.h"
#include "knowledge/result_format.h"
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

// Whole results, line by line: what `careerbot score` printed before its phrases
// moved into result_texts.json, so a text edit that changes a line shows here.
TEST_CASE("result texts: a scored answer sheet reads line by line in zh and en") {
  const KnowledgeBase& kb = testing::ShippedKnowledge();
  const FormatOptions no_attribution = {false, false};
  InstrumentResult r;

  SUBCASE("zh: a norm group with its caveat, and flagged and passed validity checks") {
    const Instrument& in = *kb.FindInstrument("ipip50_big5_markers");
    ScoreOptions options;
    options.seconds.assign(in.items.size(), 0.7);
    options.norm_group = "zh_combined";
    REQUIRE(ScoreInstrument(in, std::vector<int>(in.items.size(), 3), options, &r).ok());
    CHECK(
        FormatResultText(in, r, kb.result_texts, Lang::kZh, no_attribution) ==
        "大五人格量表（IPIP 50 题） · 版本 1.0.0-draft\n"
        "常模组：华语地区合并组（中国大陆、香港、台湾、澳门、新加坡，n = 240） [zh_combined]\n"
        "  暂定参照：该组 55% 来自新加坡，作答的是英文题目（约 2012 "
        "年的网络样本），不是中国大陆用户作答中文"
        "题目的常模。百分位和 T 分只作参考。\n"
        "外向性 (E)：原始分 30（10–50），均分 3，百分位 58.3，T 分 52.1 · 中等\n"
        "宜人性 (A)：原始分 30（10–50），均分 3，百分位 12.7，T 分 38.7 · 较低\n"
        "尽责性 (C)：原始分 30（10–50），均分 3，百分位 33.8，T 分 45.5 · 中等\n"
        "情绪稳定性 (ES)：原始分 30（10–50），均分 3，百分位 57.7，T 分 52 · 中等\n"
        "智力/想象力（开放性） (I)：原始分 30（10–50），均分 3，百分位 12.3，T 分 38 · 较低\n"
        "作答有效性：需要核实（见下）。\n"
        "  ! 全部 50 个回答都相同（均为 3），结果可能不能反映真实情况，使用前请与咨询师一起核实。\n"
        "  ! 每题作答时间的中位数为 0.7 秒，低于 2 秒，可能没有仔细阅读题目。\n"
        "  - 作答前后一致（10 对题目中有 0 对相差超过 2 分）。");
    CHECK(FormatResultText(in, r, kb.result_texts, Lang::kZh)
              .ends_with("\n译本状态：" + in.translation_status + "\n来源：" + in.attribution.zh));
  }
  SUBCASE("en: a Holland code with its ties, and the client's own profile") {
    const Instrument& in = *kb.FindInstrument("iip_riasec_48");
    std::vector<int> answers;
    for (size_t i = 0; i < in.items.size(); ++i) answers.push_back(i % 2 ? 1 : 5);
    REQUIRE(ScoreInstrument(in, answers, &r).ok());
    CHECK(FormatResultText(in, r, kb.result_texts, Lang::kEn, no_attribution) ==
          "IIP RIASEC Markers (48 items) · version 1.1.0-draft\n"
          "Norms: none yet for this instrument: raw scores and the client's own profile (the "
          "scales ranked) "
          "only.\n"
          "Realistic (R): raw 40 (8–40), mean 5 · High\n"
          "Investigative (I): raw 8 (8–40), mean 1 · Low\n"
          "Artistic (A): raw 40 (8–40), mean 5 · High\n"
          "Social (S): raw 8 (8–40), mean 1 · Low\n"
          "Enterprising (E): raw 40 (8–40), mean 5 · High\n"
          "Conventional (C): raw 8 (8–40), mean 1 · Low\n"
          "Holland code: RAE\n"
          "  R and A scored the same; their order was set by the tie-break R>I>A>S>E>C.\n"
          "  A and E scored the same; their order was set by the tie-break R>I>A>S>E>C.\n"
          "Own profile, highest first: R > A > E > I > S > C\n"
          "Validity: no problem found.\n"
          "  - No straight-lining (longest run of identical answers: 1).");
  }
  SUBCASE("en: unscored scales and an unscored total, no imputation") {
    const Instrument& in = *kb.FindInstrument("caas_24");
    std::vector<int> answers(in.items.size(), 4);
    answers[0] = answers[7] = 0;
    REQUIRE(ScoreInstrument(in, answers, &r).ok());
    CHECK(FormatResultText(in, r, kb.result_texts, Lang::kEn, no_attribution) ==
          "Career Adapt-Abilities Scale - International Form 2.0 · version 1.0.0-draft\n"
          "Norms: none yet for this instrument: raw scores and the client's own profile (the "
          "scales ranked) "
          "only.\n"
          "Concern (concern): not scored (5 of 6 items answered; no imputation)\n"
          "Control (control): not scored (5 of 6 items answered; no imputation)\n"
          "Curiosity (curiosity): raw 24 (6–30), mean 4 · High\n"
          "Confidence (confidence): raw 24 (6–30), mean 4 · High\n"
          "[total] Career Adaptability (total) (total): not scored (22 of 24 items answered; no "
          "imputation)\n"
          "Some scales have unanswered items and are not scored (no imputation).\n"
          "Validity: needs checking (see below).\n"
          "  ! All 22 answers are the same (4): the result may not reflect the client; talk it "
          "through before "
          "using it.");
  }
}

TEST_CASE("result texts: why an occupation matches, with and without shared letters and values") {
  const KnowledgeBase& kb = testing::ShippedKnowledge();
  MatchResult result;
  REQUIRE(MatchOccupations(kb.occupations, kb.result_texts, {5, 1, 1, 1, 1, 1}, "senior_high", 0,
                           std::nullopt, 1, &result)
              .ok());
  REQUIRE(result.matches.size() == 1);
  CHECK(
      result.matches[0].why.en ==
      "Your interest code RIA shares R with its code RC; profile correlation r = 0.95; job zone 1 "
      "(little or no preparation needed).");
  REQUIRE(MatchOccupations(kb.occupations, kb.result_texts, {5, 1, 1, 1, 1, 2}, "doctorate", 9,
                           Profile6{1, 2, 3, 4, 5, 6}, 2000, &result)
              .ok());
  const OccupationMatch* designers = nullptr;
  for (const OccupationMatch& m : result.matches) {
    if (m.occupation->code == "27-1024.00") designers = &m;
  }
  REQUIRE(designers != nullptr);
  CHECK(designers->why.zh ==
        "你的兴趣代码 RCI 与该职业的代码 A 没有共同字母，兴趣剖面相关 r = -0.18；工作区间 "
        "4（需要较多准备）；"
        "工作价值观相关 r = -0.3。");
  CHECK(designers->why.en ==
        "Your interest code RCI shares no letter with its code A; profile correlation r = -0.18; "
        "job zone 4 "
        "(considerable preparation needed); work values r = -0.3.");
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
