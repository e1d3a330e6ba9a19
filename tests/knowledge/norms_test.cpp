// The norm builder against hand computations, the shipped IPIP-50 norm file against
// what the builder produces, and the norm file checks.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "knowledge/instrument.h"
#include "knowledge/json_file.h"
#include "knowledge/norm_builder.h"
#include "knowledge/norms.h"
#include "tests/knowledge/small_instrument.h"
#include "tests/support/knowledge_fixture.h"

namespace careerbot::knowledge {
namespace {

using nlohmann::json;

Instrument Small() {
  Instrument in;
  const Status s = ParseInstrument(testdata::SmallInstrumentJson().dump(), "small.json", &in);
  REQUIRE_MESSAGE(s.ok(), s.ToString());
  return in;
}

// Seven respondents; keyed scores (X2, X3, Y1 reverse: 6 - a):
//   r1 5 1 2 1 -> X 5+5+4 = 14, Y 5
//   r2 4 2 2 2 -> X 4+4+4 = 12, Y 4
//   r3 3 3 4 3 -> X 3+3+2 =  8, Y 3
//   r4 2 4 3 5 -> X 2+2+3 =  7, Y 1
//   r5 3 3 3 3 -> all answers identical: dropped
//   r6 4 _ 2 1 -> missing answer: dropped
//   r7 5 1 9 1 -> 9 is off the scale: dropped
const char* const kCsv =
    "respondent,X1,X2,X3,Y1\n"
    "r1,5,1,2,1\n"
    "r2,4,2,2,2\n"
    "r3,3,3,4,3\n"
    "r4,2,4,3,5\n"
    "r5,3,3,3,3\n"
    "r6,4,,2,1\n"
    "r7,5,1,9,1\n";

json Build(const Instrument& in, const std::string& csv, int min_n = 4, const std::string& group = "all") {
  NormBuildOptions options;
  options.min_n = min_n;
  options.group = group;
  std::string out;
  const Status s = BuildNormsFromCsv(in, csv, "answers.csv", options, &out);
  REQUIRE_MESSAGE(s.ok(), s.ToString());
  return json::parse(out);
}

TEST_CASE("Norm builder: n, mean, SD, alpha and percentiles match the hand computation") {
  const json doc = Build(Small(), kCsv);
  CHECK(doc.at("schema") == "norms/1");
  const json& meta = doc.at("meta");
  CHECK(meta.at("rows_in_file") == 7);
  CHECK(meta.at("rows_kept") == 4);
  CHECK(meta.at("rows_dropped").at("all_4_answers_identical") == 1);
  CHECK(meta.at("rows_dropped").at("missing_or_out_of_range_item") == 2);
  CHECK(meta.at("group_n_after_cleaning").at("all") == 4);
  REQUIRE(doc.at("norms").size() == 2);

  const json& x = doc.at("norms").at(0);
  CHECK(x.at("scale") == "X");
  CHECK(x.at("n") == 4);
  // sums 14 12 8 7: mean 41 / 4 = 10.25; squared deviations 14.0625 + 3.0625 + 5.0625 +
  // 10.5625 = 32.75; sample variance 32.75 / 3 = 10.9167; SD 3.30404 -> 3.304.
  CHECK(x.at("mean").get<double>() == 10.25);
  CHECK(x.at("sd").get<double>() == 3.304);
  // Item variances (n - 1): X1 5 4 3 2 -> 5/3; X2 keyed 5 4 3 2 -> 5/3; X3 keyed 4 4 2 3
  // -> 2.75/3. Sum 4.25. alpha = 3/2 (1 - 4.25 / 10.9167) = 0.91603 -> 0.916.
  CHECK(x.at("alpha").get<double>() == 0.916);
  // Item metric: 10.25 / 3 = 3.4167 -> 3.417; 3.30404 / 3 = 1.10135 -> 1.101.
  CHECK(x.at("item_metric").at("mean").get<double>() == 3.417);
  CHECK(x.at("item_metric").at("sd").get<double>() == 1.101);
  CHECK(x.at("min") == 7);   // observed
  CHECK(x.at("max") == 14);
  CHECK(x.at("score") == "sum of 3 keyed items (3-15)");
  // Type 7 on 7 8 12 14: h = 3p/100. p1: 7 + .03 = 7.03; p25: h .75 -> 7.75; p50: h 1.5
  // -> 8 + .5 x 4 = 10; p75: h 2.25 -> 12 + .25 x 2 = 12.5; p90: h 2.7 -> 13.4; p99: 13.94.
  const json& p = x.at("percentiles");
  CHECK(p.at("1").get<double>() == 7.03);
  CHECK(p.at("25").get<double>() == 7.75);
  CHECK(p.at("50").get<double>() == 10.0);
  CHECK(p.at("75").get<double>() == 12.5);
  CHECK(p.at("90").get<double>() == 13.4);
  CHECK(p.at("99").get<double>() == 13.94);
  // Mid-rank percentile 100 (below + equal / 2) / 4 for every possible raw 3..15.
  const json& pr = x.at("percentile_ranks");
  CHECK(pr.size() == 13);
  CHECK(pr.at("3").get<double>() == 0.0);
  CHECK(pr.at("7").get<double>() == 12.5);
  CHECK(pr.at("8").get<double>() == 37.5);
  CHECK(pr.at("10").get<double>() == 50.0);
  CHECK(pr.at("12").get<double>() == 62.5);
  CHECK(pr.at("13").get<double>() == 75.0);
  CHECK(pr.at("14").get<double>() == 87.5);
  CHECK(pr.at("15").get<double>() == 100.0);

  const json& y = doc.at("norms").at(1);
  // One item: sums 5 4 3 1, mean 3.25, variance 8.75 / 3, SD 1.70783 -> 1.708; no alpha.
  CHECK(y.at("mean").get<double>() == 3.25);
  CHECK(y.at("sd").get<double>() == 1.708);
  CHECK(y.at("alpha").is_null());
  CHECK(y.at("percentiles").at("50").get<double>() == 3.5);
  CHECK(y.at("percentile_ranks").at("1").get<double>() == 12.5);
  CHECK(y.at("percentile_ranks").at("4").get<double>() == 62.5);

  // What it builds loads as a norm file and fits the instrument.
  NormTable table;
  REQUIRE(ParseNormTable(doc.dump(), "built.json", &table).ok());
  CHECK(CheckNormsFit(Small(), table, {"all"}).ok());
  CHECK(PercentileRank(*table.Find("all", "X"), 12) == doctest::Approx(62.5));
  // T = 50 + 10 (12 - 10.25) / 3.304 = 55.297 -> 55.3
  CHECK(TScore(*table.Find("all", "X"), 12) == doctest::Approx(55.3));
}

TEST_CASE("Norm builder: bad response data is refused with the line and the item") {
  const Instrument in = Small();
  NormBuildOptions options;
  options.min_n = 4;
  std::string out;
  Status s = BuildNormsFromCsv(in, "X1,X2,X3\n1,2,3\n", "a.csv", options, &out);
  CHECK(s.message() == "a.csv: item Y1 of small has no column (the header must name every item id)");
  s = BuildNormsFromCsv(in, "X1,X2,X3,Y1\n1,2,3,4\n1,two,3,4\n", "a.csv", options, &out);
  CHECK(s.message() == "a.csv: line 3, item X2: \"two\" is not a whole number");
  s = BuildNormsFromCsv(in, kCsv, "a.csv", NormBuildOptions{}, &out);
  CHECK(s.message() == "a.csv: 4 usable rows (of 7), below the minimum of 200 for norms (--min-n)");
  s = BuildNormsFromCsv(in, "X1,X2,X3,Y1\n1,2\n", "a.csv", options, &out);
  CHECK(s.message() == "a.csv: line 2: 2 cells, but the header has 4");
}

// Deterministic answers for the IPIP-50 (no two rows alike, none straight-lined).
std::string SyntheticIpip50Csv(const Instrument& in, int rows) {
  // Appends piece by piece: GCC 12 at -O2 warns (-Warray-bounds, a false positive)
  // on `(cond ? "," : "") + std::string` here.
  std::string csv;
  for (size_t i = 0; i < in.items.size(); ++i) {
    if (i) csv.push_back(',');
    csv.append(in.items[i].id);
  }
  csv.push_back('\n');
  unsigned state = 12345;
  for (int r = 0; r < rows; ++r) {
    for (size_t i = 0; i < in.items.size(); ++i) {
      state = state * 1103515245u + 12345u;
      if (i) csv.push_back(',');
      csv.push_back(static_cast<char>('1' + (state >> 16) % 5));
    }
    csv.push_back('\n');
  }
  return csv;
}

std::set<std::string> Keys(const json& object) {
  std::set<std::string> keys;
  for (const auto& [key, value] : object.items()) keys.insert(key);
  return keys;
}

TEST_CASE("Norm builder: the shipped IPIP-50 norm file has the structure the builder produces") {
  const Instrument& in = *testing::ShippedKnowledge().FindInstrument("ipip50_big5_markers");
  const json built = Build(in, SyntheticIpip50Csv(in, 30), 2, "zh_combined");
  std::string text;
  REQUIRE(ReadTextFile(std::string(CAREERBOT_KNOWLEDGE_DIR) + "/norms/ipip50_big5_markers.norms.json", &text).ok());
  const json shipped = json::parse(text);
  CHECK(Keys(built) == Keys(shipped));
  CHECK(Keys(built.at("meta")) == Keys(shipped.at("meta")));
  REQUIRE(built.at("norms").size() == 5);
  for (const json& record : shipped.at("norms")) {
    const json& mine = built.at("norms").at(0);
    CAPTURE(record.at("group").get<std::string>() + " " + record.at("scale").get<std::string>());
    CHECK(Keys(record) == Keys(mine));
    CHECK(Keys(record.at("percentiles")) == Keys(mine.at("percentiles")));
    CHECK(Keys(record.at("percentile_ranks")) == Keys(mine.at("percentile_ranks")));
    CHECK(Keys(record.at("item_metric")) == Keys(mine.at("item_metric")));
    CHECK(record.at("percentile_method") == mine.at("percentile_method"));
    CHECK(record.at("score") == mine.at("score"));
  }
  // The values are shipped exactly as computed (NORMS-AND-TRANSLATIONS.md).
  const json& e_all = shipped.at("norms").at(0);
  CHECK(e_all.at("group") == "all");
  CHECK(e_all.at("n") == 19692);
  CHECK(e_all.at("mean").get<double>() == 30.113);
  CHECK(e_all.at("sd").get<double>() == 9.23);
  CHECK(e_all.at("alpha").get<double>() == 0.893);
  CHECK(shipped.at("norms").at(5).at("n") == 240);
  // And the built file passes the loader's fit check for the real instrument.
  NormTable table;
  REQUIRE(ParseNormTable(built.dump(), "built.json", &table).ok());
  CHECK(CheckNormsFit(in, table, {"zh_combined"}).ok());
}

TEST_CASE("Norm files: the loader's checks name the file, the group and the scale") {
  const Instrument in = Small();
  json doc = Build(in, kCsv);
  NormTable table;
  SUBCASE("a gap in the percentile ranks") {
    doc["norms"][0]["percentile_ranks"].erase("9");
    CHECK(ParseNormTable(doc.dump(), "n.json", &table).message() ==
          "n.json: norms[0] (group all, scale X): percentile_ranks has no entry for raw score 9 (the scores must be "
          "contiguous)");
  }
  SUBCASE("a wrong schema") {
    doc["schema"] = "norms/2";
    CHECK(ParseNormTable(doc.dump(), "n.json", &table).message() == "n.json: schema must be \"norms/1\", got \"norms/2\"");
  }
  SUBCASE("a scale the instrument does not have") {
    doc["norms"][1]["scale"] = "Z";
    REQUIRE(ParseNormTable(doc.dump(), "n.json", &table).ok());
    CHECK(CheckNormsFit(in, table, {}).message() == "n.json: group all, scale Z: the instrument has no scale \"Z\"");
  }
  SUBCASE("a raw range that does not fit the scale") {
    doc["norms"][1]["percentile_ranks"]["6"] = 100.0;
    REQUIRE(ParseNormTable(doc.dump(), "n.json", &table).ok());
    CHECK(CheckNormsFit(in, table, {}).message() ==
          "n.json: group all, scale Y: percentile_ranks cover raw scores 1-6, which does not fit the scale's 1 items "
          "(1-5)");
  }
  SUBCASE("a named group without a record for every scale") {
    doc["norms"].erase(1);
    REQUIRE(ParseNormTable(doc.dump(), "n.json", &table).ok());
    CHECK(CheckNormsFit(in, table, {"all"}).message() ==
          "n.json: group \"all\" has no record for scale Y (the instrument names the group in norms.groups)");
  }
  SUBCASE("norms of another instrument") {
    doc["norms"][0]["instrument"] = "other";
    doc["norms"][1]["instrument"] = "other";
    REQUIRE(ParseNormTable(doc.dump(), "n.json", &table).ok());
    CHECK(CheckNormsFit(in, table, {}).message() == "n.json: the norms are for instrument \"other\", not \"small\"");
  }
}

}  // namespace
}  // namespace careerbot::knowledge
