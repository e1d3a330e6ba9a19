// Scoring of every shipped instrument against answer sheets computed by hand:
// reverse keys, derived totals, forms, the IP-SF transform, ties, flat profiles,
// missing answers, norms (percentile and T from the IPIP-50 table) and validity.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "knowledge/instrument.h"
#include "knowledge/result_format.h"
#include "tests/support/knowledge_fixture.h"

namespace careerbot::knowledge {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

const Instrument& Shipped(const std::string& id) {
  const Instrument* in = testing::ShippedKnowledge().FindInstrument(id);
  REQUIRE_MESSAGE(in != nullptr, id);
  return *in;
}

// Answers indexed like instrument.items from `by_id`; `fill` for the items not named.
std::vector<int> Sheet(const Instrument& in, const std::map<std::string, int>& by_id, int fill = 0) {
  std::vector<int> answers;
  for (const Item& item : in.items) {
    auto it = by_id.find(item.id);
    answers.push_back(it == by_id.end() ? fill : it->second);
  }
  return answers;
}

// The same answer for every item of a scale (by scale id), keyed or not.
std::vector<int> PerScale(const Instrument& in, const std::map<std::string, int>& by_scale) {
  std::vector<int> answers;
  for (const Item& item : in.items) answers.push_back(by_scale.at(item.scale));
  return answers;
}

// Answers that give each scale's items the keyed score `keyed[scale]` (1-5 scales).
std::vector<int> Keyed(const Instrument& in, const std::map<std::string, int>& keyed) {
  std::vector<int> answers;
  for (const Item& item : in.items) {
    const int k = keyed.at(item.scale);
    answers.push_back(item.keyed > 0 ? k : 6 - k);
  }
  return answers;
}

const TextCatalog& ResultTexts() { return testing::ShippedKnowledge().result_texts; }

const ScaleScore& Of(const InstrumentResult& r, const std::string& scale) {
  const ScaleScore* s = r.Find(scale);
  REQUIRE_MESSAGE(s != nullptr, scale);
  return *s;
}

const ValidityCheck& Check(const InstrumentResult& r, const std::string& rule) {
  for (const ValidityCheck& c : r.validity) {
    if (c.rule == rule) return c;
  }
  FAIL("no check " << rule);
  return r.validity.front();
}

TEST_CASE("Instrument families: all seven instruments load, with languages, forms, norms and texts") {
  const KnowledgeBase& kb = testing::ShippedKnowledge();
  for (const char* id : {"iip_riasec_48", "onet_ip_sf_60", "work_values_onet_needs_21", "aptitude_self_estimate_9",
                         "caas_24", "ipip50_big5_markers", "ipip_neo_120"}) {
    CAPTURE(id);
    const Instrument& in = Shipped(id);
    CHECK(in.interpretation.scales.size() >= in.scales.size());
    for (const Scale& s : in.scales) {
      for (const BandCut& b : in.bands) CHECK(in.interpretation.Find(s.id, b.id) != nullptr);
    }
  }
  CHECK(Shipped("onet_ip_sf_60").Supports(Lang::kEn));
  CHECK_FALSE(Shipped("onet_ip_sf_60").Supports(Lang::kZh));
  CHECK(Shipped("onet_ip_sf_60").items[0].text.zh.empty());  // verbatim English only
  CHECK(Shipped("onet_ip_sf_60").items[0].text.en == "Build kitchen cabinets");
  std::vector<std::string> zh_ids;
  for (const Instrument* in : kb.InstrumentsFor(Lang::kZh)) zh_ids.push_back(in->id);
  CHECK(std::find(zh_ids.begin(), zh_ids.end(), "onet_ip_sf_60") == zh_ids.end());
  CHECK(kb.InstrumentsFor(Lang::kEn).size() == 7);
  CHECK(Shipped("ipip50_big5_markers").norms.groups() == std::vector<std::string>{"all", "zh_combined"});
  CHECK(Shipped("caas_24").FindForm("sf12")->items.size() == 12);
  CHECK(Shipped("ipip_neo_120").FindForm("no_o6")->recommended_for == std::vector<Lang>{Lang::kZh});
  CHECK(Shipped("ipip_neo_120").FindScale("O6")->caveat.has_value());
  // English texts exactly as the sources give them.
  CHECK(Shipped("ipip50_big5_markers").items[0].text.en == "Am the life of the party.");
  CHECK(Shipped("caas_24").items[5].text.en == "Concerned about my career");
  CHECK(Shipped("ipip_neo_120").items[15].text.zh == "很难主动接近别人");  // the corrected zh text
  CHECK(Shipped("work_values_onet_needs_21").items[0].id == "1.B.2.a.1");
}

TEST_CASE("Instrument families: the aptitude self-estimate always says it is a self-estimate") {
  const Instrument& in = Shipped("aptitude_self_estimate_9");
  CHECK(in.name.zh.find("自评") != std::string::npos);
  CHECK(in.name.en.find("self-estimate") != std::string::npos);
  CHECK(in.name.en.find("not a test") != std::string::npos);
  CHECK(in.instructions.zh.find("自评") != std::string::npos);
  for (const Scale& s : in.scales) {
    CHECK(s.name.zh.find("（自评）") != std::string::npos);
    CHECK(s.name.en.find("(self-estimate)") != std::string::npos);
  }
  for (const auto& [id, texts] : in.interpretation.scales) CHECK(texts.about.zh.find("自评") != std::string::npos);
  // Ratings G V N S P Q K F M: each one item, so raw = mean = the rating.
  InstrumentResult r;
  REQUIRE(ScoreInstrument(in, {4, 3, 2, 5, 1, 3, 3, 4, 2}, &r).ok());
  CHECK(Of(r, "S").raw == 5);
  CHECK(Of(r, "S").band == "high");
  CHECK(Of(r, "V").band == "middle");
  CHECK(Of(r, "P").band == "low");
  CHECK(r.ranking == std::vector<std::string>{"S", "G", "F", "V", "Q", "K", "N", "M", "P"});
  CHECK(r.ranking_ties == Pairs{{"G", "F"}, {"V", "Q"}, {"Q", "K"}, {"N", "M"}});
  CHECK_FALSE(r.has_norms);
}

TEST_CASE("Instrument families: O*NET IP-SF scores answer - 1, with its Holland code and ties") {
  const Instrument& in = Shipped("onet_ip_sf_60");
  InstrumentResult r;
  // Every item of an area the same answer: R 5 -> 4 x 10 = 40; I 4 -> 30; A 1 -> 0;
  // S 3 -> 20; E 2 -> 10; C 3 -> 20.
  REQUIRE(ScoreInstrument(in, PerScale(in, {{"R", 5}, {"I", 4}, {"A", 1}, {"S", 3}, {"E", 2}, {"C", 3}}), &r).ok());
  CHECK(Of(r, "R").raw == 40);
  CHECK(Of(r, "R").mean == doctest::Approx(4.0));
  CHECK(Of(r, "I").raw == 30);
  CHECK(Of(r, "A").raw == 0);
  CHECK(Of(r, "A").scored);
  CHECK(Of(r, "S").raw == 20);
  CHECK(Of(r, "E").raw == 10);
  CHECK(Of(r, "C").raw == 20);
  CHECK(Of(r, "R").min == 0);
  CHECK(Of(r, "R").max == 40);
  // R I, then S and C tie at 20: S by the R>I>A>S>E>C order, and the tie is said.
  CHECK(r.holland_code == "RIS");
  CHECK(r.ties == Pairs{{"S", "C"}});
  // Bands on the 0-4 mean: low < 1.5 <= middle < 2.5 <= high.
  CHECK(Of(r, "R").band == "high");
  CHECK(Of(r, "S").band == "middle");  // mean 2.0
  CHECK(Of(r, "E").band == "low");     // mean 1.0
  const std::string text = FormatResultText(in, r, ResultTexts(), Lang::kEn);
  CHECK(text.find("Holland code: RIS") != std::string::npos);
  CHECK(text.find("S and C scored the same") != std::string::npos);

  SUBCASE("a flat profile has no code and is said to be flat") {
    REQUIRE(ScoreInstrument(in, std::vector<int>(60, 3), &r).ok());
    CHECK(r.flat_profile);
    CHECK(r.holland_code.empty());
    CHECK(Check(r, "straight_lining").flagged);
    CHECK(FormatResultText(in, r, ResultTexts(), Lang::kEn).find("the profile is flat") !=
          std::string::npos);
  }
}

TEST_CASE("Instrument families: work values are means, ranked, ties in value order") {
  const Instrument& in = Shipped("work_values_onet_needs_21");
  // achievement 5 4 (9, 4.5); working conditions 3 2 3 4 5 1 (18, 3.0); recognition
  // 4 4 4 4 (16, 4.0); relationships 5 5 2 (12, 4.0); support 2 2 2 (6, 2.0);
  // independence 5 4 4 (13, 4.333). By sum, working conditions (18) would lead: the
  // ranking uses means because the values have 2 to 6 needs.
  const std::vector<int> answers = {5, 4, 3, 2, 3, 4, 5, 1, 4, 4, 4, 4, 5, 5, 2, 2, 2, 2, 5, 4, 4};
  InstrumentResult r;
  REQUIRE(ScoreInstrument(in, answers, &r).ok());
  CHECK(Of(r, "working_conditions").raw == 18);
  CHECK(Of(r, "working_conditions").score == doctest::Approx(3.0));
  CHECK(Of(r, "independence").mean == doctest::Approx(13.0 / 3));
  CHECK(Of(r, "achievement").score == doctest::Approx(4.5));
  CHECK(r.ranking == std::vector<std::string>{"achievement", "independence", "recognition", "relationships",
                                              "working_conditions", "support"});
  CHECK(r.ranking_ties == Pairs{{"recognition", "relationships"}});
  CHECK(Of(r, "achievement").band == "high");
  CHECK(Of(r, "working_conditions").band == "middle");
  CHECK(Of(r, "support").band == "low");
  CHECK(Check(r, "straight_lining").value == 4);  // 4 4 4 4 and 2 2 2 2
  CHECK_FALSE(Check(r, "straight_lining").flagged);
  CHECK(FormatResultText(in, r, ResultTexts(), Lang::kZh).find("本量表暂无常模") !=
        std::string::npos);
}

TEST_CASE("Instrument families: CAAS subscales, the derived total, a missing answer, the short form") {
  const Instrument& in = Shipped("caas_24");
  // concern 5 4 4 5 3 3 = 24 (4.0); control 3 x 6 = 18 (3.0); curiosity 2 3 2 3 2 3 = 15
  // (2.5); confidence 4 5 4 5 4 5 = 27 (4.5); total 84, mean 84 / 24 = 3.5.
  std::vector<int> answers = {5, 4, 4, 5, 3, 3, 3, 3, 3, 3, 3, 3, 2, 3, 2, 3, 2, 3, 4, 5, 4, 5, 4, 5};
  InstrumentResult r;
  REQUIRE(ScoreInstrument(in, answers, &r).ok());
  CHECK(Of(r, "concern").raw == 24);
  CHECK(Of(r, "concern").score == doctest::Approx(4.0));
  CHECK(Of(r, "curiosity").score == doctest::Approx(2.5));
  CHECK(Of(r, "total").derived);
  CHECK(Of(r, "total").raw == 84);
  CHECK(Of(r, "total").items == 24);
  CHECK(Of(r, "total").score == doctest::Approx(3.5));
  CHECK(Of(r, "total").min == 24);
  CHECK(Of(r, "total").max == 120);
  // Bands: low < 3.0 <= middle < 4.0 <= high.
  CHECK(Of(r, "concern").band == "high");
  CHECK(Of(r, "control").band == "middle");
  CHECK(Of(r, "curiosity").band == "low");
  CHECK(Of(r, "total").band == "middle");
  CHECK(r.ranking == std::vector<std::string>{"confidence", "concern", "control", "curiosity"});

  SUBCASE("a missing answer leaves its subscale and the total unscored") {
    answers[19] = 0;  // caas_20
    REQUIRE(ScoreInstrument(in, answers, &r).ok());
    CHECK_FALSE(Of(r, "confidence").scored);
    CHECK(Of(r, "confidence").answered == 5);
    CHECK_FALSE(Of(r, "total").scored);
    CHECK(Of(r, "total").answered == 23);
    CHECK(Of(r, "total").raw == 0);
    CHECK(Of(r, "concern").scored);
    CHECK(r.ranking.empty());
    CHECK(Of(r, "total").band.empty());
  }
  SUBCASE("the 12-item short form: 3 items per subscale") {
    const Form* sf = in.FindForm("sf12");
    std::vector<int> short_answers(24, 0);
    for (size_t i = 0; i < in.items.size(); ++i) {
      for (const std::string& id : sf->items) {
        if (in.items[i].id == id) short_answers[i] = answers[i];
      }
    }
    ScoreOptions options;
    options.form = "sf12";
    REQUIRE(ScoreInstrument(in, short_answers, options, &r).ok());
    CHECK(r.form == "sf12");
    // concern 01 03 04 = 5 4 5 = 14; control 08 09 11 = 9; curiosity 14 15 16 = 3 2 3 = 8;
    // confidence 20 21 22 = 5 4 5 = 14; total 45 of 12 items, mean 3.75.
    CHECK(Of(r, "concern").raw == 14);
    CHECK(Of(r, "concern").items == 3);
    CHECK(Of(r, "concern").min == 3);
    CHECK(Of(r, "concern").max == 15);
    CHECK(Of(r, "control").raw == 9);
    CHECK(Of(r, "curiosity").raw == 8);
    CHECK(Of(r, "confidence").raw == 14);
    CHECK(Of(r, "total").raw == 45);
    CHECK(Of(r, "total").score == doctest::Approx(3.75));
    CHECK(FormatResultText(in, r, ResultTexts(), Lang::kEn).find("CAAS Short Form") !=
          std::string::npos);

    short_answers[1] = 4;  // caas_02 is not in the short form
    const Status s = ScoreInstrument(in, short_answers, options, &r);
    CHECK(s.message() == "caas_24: item caas_02 is not in form sf12: its answer must be 0");
  }
}

TEST_CASE("Instrument families: IPIP-50 percentile and T-score from the shipped norm table") {
  const Instrument& in = Shipped("ipip50_big5_markers");
  // Keyed scores E 4, A 3, C 5, ES 2, I 4 on every item: raw E 40, A 30, C 50, ES 20, I 40.
  const std::vector<int> answers = Keyed(in, {{"E", 4}, {"A", 3}, {"C", 5}, {"ES", 2}, {"I", 4}});
  InstrumentResult r;
  SUBCASE("zh clients: the zh_combined group, with its provisional caveat") {
    ScoreOptions options;
    options.lang = Lang::kZh;
    REQUIRE(ScoreInstrument(in, answers, options, &r).ok());
    CHECK(r.has_norms);
    CHECK(r.norm_group == "zh_combined");
    REQUIRE(r.norm_caveat.has_value());
    CHECK(r.norm_caveat->zh.find("暂定参照") != std::string::npos);
    // T = 50 + 10 (raw - mean) / sd with the group's mean and sd; percentile = the
    // table's percentile_ranks[raw].
    // E: 50 + 10 (40 - 28.075) / 9.135 = 63.054 -> 63.1; PR[40] = 90.42
    CHECK(Of(r, "E").norm->t == doctest::Approx(63.1));
    CHECK(Of(r, "E").norm->percentile == doctest::Approx(90.42));
    // A: 50 + 10 (30 - 37.742) / 6.854 = 38.704 -> 38.7; PR[30] = 12.71
    CHECK(Of(r, "A").norm->t == doctest::Approx(38.7));
    CHECK(Of(r, "A").norm->percentile == doctest::Approx(12.71));
    // C: 50 + 10 (50 - 33.342) / 7.389 = 72.544 -> 72.5; PR[50] = 99.79
    CHECK(Of(r, "C").norm->t == doctest::Approx(72.5));
    CHECK(Of(r, "C").norm->percentile == doctest::Approx(99.79));
    // ES: 50 + 10 (20 - 28.329) / 8.373 = 40.052 -> 40.1 (band middle: >= 40); PR[20] = 17.29
    CHECK(Of(r, "ES").norm->t == doctest::Approx(40.1));
    CHECK(Of(r, "ES").norm->percentile == doctest::Approx(17.29));
    CHECK(Of(r, "ES").band == "middle");
    // I: 50 + 10 (40 - 37.638) / 6.346 = 53.722 -> 53.7; PR[40] = 63.33
    CHECK(Of(r, "I").norm->t == doctest::Approx(53.7));
    CHECK(Of(r, "I").norm->percentile == doctest::Approx(63.33));
    CHECK(Of(r, "E").band == "high");
    CHECK(Of(r, "A").band == "low");
    const std::string text = FormatResultText(in, r, ResultTexts(), Lang::kZh);
    CHECK(text.find("常模组：华语地区合并组") != std::string::npos);
    CHECK(text.find("百分位 90.4，T 分 63.1") != std::string::npos);
  }
  SUBCASE("en clients: the whole sample") {
    ScoreOptions options;
    options.lang = Lang::kEn;
    REQUIRE(ScoreInstrument(in, answers, options, &r).ok());
    CHECK(r.norm_group == "all");
    // E: 50 + 10 (40 - 30.113) / 9.23 = 60.712 -> 60.7; PR[40] = 83.65
    CHECK(Of(r, "E").norm->t == doctest::Approx(60.7));
    CHECK(Of(r, "E").norm->percentile == doctest::Approx(83.65));
    // C: 50 + 10 (50 - 33.478) / 7.309 = 72.605 -> 72.6; PR[50] = 99.65
    CHECK(Of(r, "C").norm->t == doctest::Approx(72.6));
    // ES: 50 + 10 (20 - 29.029) / 8.614 = 39.518 -> 39.5 (band low); PR[20] = 16.21
    CHECK(Of(r, "ES").norm->t == doctest::Approx(39.5));
    CHECK(Of(r, "ES").norm->percentile == doctest::Approx(16.21));
    CHECK(Of(r, "ES").band == "low");
  }
  SUBCASE("a region wins over the language, an explicit group over both") {
    ScoreOptions options;
    options.lang = Lang::kEn;
    options.region = "SG";
    REQUIRE(ScoreInstrument(in, answers, options, &r).ok());
    CHECK(r.norm_group == "zh_combined");
    options.norm_group = "all";
    REQUIRE(ScoreInstrument(in, answers, options, &r).ok());
    CHECK(r.norm_group == "all");
    options.norm_group = "martians";
    CHECK(ScoreInstrument(in, answers, options, &r).message() == "ipip50_big5_markers: no norm group \"martians\"");
  }
  SUBCASE("the old signature uses the default group") {
    REQUIRE(ScoreInstrument(in, answers, &r).ok());
    CHECK(r.norm_group == "all");
  }
}

TEST_CASE("Instrument families: IPIP-50 validity: straight-lining, too fast, inconsistent pairs") {
  const Instrument& in = Shipped("ipip50_big5_markers");
  std::vector<int> answers(50);
  for (size_t i = 0; i < 50; ++i) answers[i] = static_cast<int>(i % 5) + 1;  // 1 2 3 4 5 1 2 …
  InstrumentResult r;
  REQUIRE(ScoreInstrument(in, answers, &r).ok());
  CHECK(r.validity.size() == 3);
  CHECK(Check(r, "straight_lining").value == 1);
  CHECK_FALSE(Check(r, "too_fast").checked);  // no timings given

  SUBCASE("a run of 10 identical answers") {
    for (size_t i = 20; i < 30; ++i) answers[i] = 4;  // items 21-30; item 20 is 5, item 31 is 1
    REQUIRE(ScoreInstrument(in, answers, &r).ok());
    CHECK(Check(r, "straight_lining").flagged);
    CHECK(Check(r, "straight_lining").value == 10);
    CHECK_FALSE(r.valid());
  }
  SUBCASE("all answers the same") {
    REQUIRE(ScoreInstrument(in, std::vector<int>(50, 3), &r).ok());
    CHECK(Check(r, "straight_lining").flagged);
    CHECK(ResultTexts()
              .Render(Check(r, "straight_lining").message, Lang::kEn)
              .find("All 50 answers are the same (3)") != std::string::npos);
  }
  SUBCASE("median time per answer") {
    ScoreOptions options;
    options.seconds.assign(50, 1.0);
    REQUIRE(ScoreInstrument(in, answers, options, &r).ok());
    CHECK(Check(r, "too_fast").checked);
    CHECK(Check(r, "too_fast").flagged);
    CHECK(Check(r, "too_fast").value == doctest::Approx(1.0));
    for (size_t i = 0; i < 25; ++i) options.seconds[i] = 3.0;  // median (1 + 3) / 2 = 2.0, not below 2
    REQUIRE(ScoreInstrument(in, answers, options, &r).ok());
    CHECK(Check(r, "too_fast").value == doctest::Approx(2.0));
    CHECK_FALSE(Check(r, "too_fast").flagged);
    options.seconds.assign(50, -1);
    for (size_t i = 0; i < 10; ++i) options.seconds[i] = 0.5;  // 10 of 50 timed: too few
    REQUIRE(ScoreInstrument(in, answers, options, &r).ok());
    CHECK_FALSE(Check(r, "too_fast").checked);
    options.seconds.resize(49);
    CHECK(ScoreInstrument(in, answers, options, &r).message() == "ipip50_big5_markers: 49 answer times for 50 items");
  }
  SUBCASE("pairs that should agree") {
    // Keyed differences of 4 (> 2) on three pairs: 01 (+) 1 vs 31 (+) 5; 19 (+) 5 vs
    // 49 (-) 5 -> 1; 15 (+) 1 vs 30 (-) 1 -> 5.
    std::vector<int> sheet = Sheet(in, {{"ipip50_01", 1}, {"ipip50_31", 5}, {"ipip50_19", 5}, {"ipip50_49", 5}}, 3);
    REQUIRE(ScoreInstrument(in, sheet, &r).ok());
    CHECK(Check(r, "inconsistency").value == 2);
    CHECK_FALSE(Check(r, "inconsistency").flagged);  // 2 < min_pairs 3
    sheet = Sheet(in, {{"ipip50_01", 1}, {"ipip50_31", 5}, {"ipip50_19", 5}, {"ipip50_49", 5}, {"ipip50_15", 1},
                       {"ipip50_30", 1}}, 3);
    REQUIRE(ScoreInstrument(in, sheet, &r).ok());
    CHECK(Check(r, "inconsistency").value == 3);
    CHECK(Check(r, "inconsistency").flagged);
    CHECK(ResultTexts().Render(Check(r, "inconsistency").message, Lang::kEn) ==
          "3 of 10 pairs of items that should agree differ by more than 2 "
          "points: the answers may be inconsistent; check with the client.");
  }
  SUBCASE("durations from timestamps") {
    CHECK(DurationsFromTimestamps({100, 110, 0}, {103, 111.5, 5}) == std::vector<double>{3, 1.5, -1});
  }
}

TEST_CASE("Instrument families: IPIP-NEO-120 facets sum to domains, the form without O6") {
  const Instrument& in = Shipped("ipip_neo_120");
  // Every answer 4: + items score 4, - items 2. O1 ++++ 16; O2 ++-- 12; O3 ++-- 12;
  // O4 +--- 10; O5 +--- 10; O6 ++-- 12 -> O = 72. N1 ++++ 16; N2-N4 +++- 14 each;
  // N5 +--- 10; N6 +++- 14 -> N = 82, mean 82 / 24.
  const std::vector<int> answers(120, 4);
  InstrumentResult r;
  REQUIRE(ScoreInstrument(in, answers, &r).ok());
  CHECK(Of(r, "O1").raw == 16);
  CHECK(Of(r, "O4").raw == 10);
  CHECK(Of(r, "O").raw == 72);
  CHECK(Of(r, "O").items == 24);
  CHECK(Of(r, "N").raw == 82);
  CHECK(Of(r, "N").mean == doctest::Approx(82.0 / 24));
  CHECK(Of(r, "N").derived);
  CHECK(r.ranking.size() == 5);  // the domains
  CHECK(Check(r, "straight_lining").flagged);

  ScoreOptions options;
  options.form = "no_o6";
  std::vector<int> no_o6 = answers;
  for (size_t i = 0; i < in.items.size(); ++i) {
    if (in.items[i].scale == "O6") no_o6[i] = 0;
  }
  REQUIRE(ScoreInstrument(in, no_o6, options, &r).ok());
  CHECK(Of(r, "O").raw == 60);  // 72 - 12: five facets, 20 items
  CHECK(Of(r, "O").items == 20);
  CHECK(Of(r, "O").min == 20);
  CHECK(Of(r, "O").max == 100);
  CHECK(Of(r, "O6").items == 0);
  CHECK_FALSE(Of(r, "O6").scored);
  CHECK(Of(r, "N").raw == 82);
  const std::string text = FormatResultText(in, r, ResultTexts(), Lang::kZh);
  CHECK(text.find("自由主义 (O6)") == std::string::npos);  // a facet not given is not shown
  REQUIRE(ScoreInstrument(in, answers, &r).ok());
  CHECK(FormatResultText(in, r, ResultTexts(), Lang::kZh).find("文化提示") != std::string::npos);
}

TEST_CASE("Instrument families: result JSON carries scores, norms, validity and the attribution") {
  const Instrument& in = Shipped("ipip50_big5_markers");
  InstrumentResult r;
  ScoreOptions options;
  options.lang = Lang::kEn;
  REQUIRE(ScoreInstrument(in, Keyed(in, {{"E", 4}, {"A", 3}, {"C", 5}, {"ES", 2}, {"I", 4}}), options, &r).ok());
  const auto doc = nlohmann::json::parse(ResultToJson(in, r, ResultTexts(), Lang::kEn, true));
  CHECK(doc.at("norms").at("group") == "all");
  CHECK(doc.at("scales").at(0).at("scale") == "E");
  CHECK(doc.at("scales").at(0).at("raw") == 40);
  CHECK(doc.at("scales").at(0).at("t") == doctest::Approx(60.7));
  CHECK(doc.at("scales").at(0).at("band") == "high");
  CHECK(doc.at("scales").at(0).at("interpretation").at("strengths").get<std::string>().size() > 10);
  CHECK(doc.at("validity").size() == 3);
  CHECK(doc.at("valid") == true);
  CHECK(doc.at("attribution").get<std::string>().find("public domain") != std::string::npos);
  CHECK_FALSE(doc.contains("holland_code"));
}

}  // namespace
}  // namespace careerbot::knowledge
