// Instruments: the shipped IIP RIASEC 48 file, scoring with hand-computed values,
// and one test per kind of loader error.
#include "knowledge/instrument.h"
#include "tests/knowledge/small_instrument.h"

#include <doctest/doctest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace careerbot::knowledge {
namespace {

using nlohmann::json;

const std::string kRiasecPath =
    std::string(CAREERBOT_KNOWLEDGE_DIR) + "/instruments/iip_riasec_48.json";

Instrument LoadRiasec() {
  Instrument instrument;
  const Status s = LoadInstrumentFile(kRiasecPath, &instrument);
  REQUIRE_MESSAGE(s.ok(), s.ToString());
  return instrument;
}

// An answer sheet written per area: sheet["R"][k] answers item R<k+1>. Returns
// the answers indexed like instrument.items (whose order interleaves the areas).
std::vector<int> Answers(const Instrument& instrument,
                         const std::map<std::string, std::vector<int>>& sheet) {
  std::vector<int> answers;
  for (const Item& item : instrument.items) {
    const int number = std::stoi(item.id.substr(1));  // "R3" -> 3
    answers.push_back(sheet.at(item.scale).at(number - 1));
  }
  return answers;
}

const ScaleScore& ScoreOf(const InstrumentResult& r, const std::string& scale) {
  for (const ScaleScore& s : r.scales) {
    if (s.scale == scale) return s;
  }
  FAIL("no scale " << scale);
  return r.scales.front();
}

using Ties = std::vector<std::pair<std::string, std::string>>;

// The small test instrument (scales X, Y; reverse-keyed items) of small_instrument.h.
json SmallInstrument() { return testdata::SmallInstrumentJson(); }

// Parses `doc` as "t.json" and returns the error message ("" when it loads).
std::string ParseError(const json& doc) {
  Instrument instrument;
  const Status s = ParseInstrument(doc.dump(), "t.json", &instrument);
  if (!s.ok()) CHECK(s.code() == Status::Code::kInvalidArgument);
  return s.ok() ? "" : s.message();
}

TEST_CASE("Instrument: the shipped IIP RIASEC 48 file loads with its metadata") {
  const Instrument in = LoadRiasec();
  CHECK(in.id == "iip_riasec_48");
  CHECK(in.profile == "holland");
  REQUIRE(in.items.size() == 48);
  REQUIRE(in.scales.size() == 6);
  std::string scale_ids;
  for (const Scale& s : in.scales) scale_ids += s.id;
  CHECK(scale_ids == "RIASEC");

  // Interleaved presentation order, ids as the source numbers them.
  CHECK(in.items[0].id == "R1");
  CHECK(in.items[1].id == "I1");
  CHECK(in.items[2].id == "A1");
  CHECK(in.items[6].id == "R2");
  CHECK(in.items[47].id == "C8");
  CHECK(in.items[0].text.en == "Test the quality of parts before shipment");
  CHECK(in.items[0].text.in(Lang::kZh) == "在发货前检验零部件的质量");
  for (const Item& item : in.items) CHECK(item.keyed == 1);

  REQUIRE(in.response_scale.size() == 5);
  CHECK(in.min_value() == 1);
  CHECK(in.max_value() == 5);
  CHECK(in.response_scale[0].label.en == "Dislike");
  CHECK(in.response_scale[1].label.en == "Slightly dislike");
  CHECK(in.response_scale[1].label.zh == "有点不喜欢");
  CHECK(in.response_scale[2].label.en == "Neutral");
  CHECK(in.response_scale[3].label.en == "Slightly enjoy");
  CHECK(in.response_scale[3].label.zh == "有点喜欢");
  CHECK(in.response_scale[4].label.in(Lang::kZh) == "很喜欢");

  REQUIRE(in.FindScale("S") != nullptr);
  CHECK(in.FindScale("S")->name.zh == "社会型");
  CHECK(in.FindScale("C")->name.en == "Conventional");
  CHECK(in.FindScale("Q") == nullptr);

  CHECK(in.translation_status == "project translation, not validated");
  CHECK(in.citations.size() == 3);
  CHECK(in.license.find("public domain") != std::string::npos);
  CHECK(in.attribution.en.find("not validated") != std::string::npos);
  CHECK(in.attribution.zh.find("未经验证") != std::string::npos);
}

TEST_CASE("Instrument: a full RIASEC answer sheet gives the hand-computed scores") {
  const Instrument in = LoadRiasec();
  // Item:            1  2  3  4  5  6  7  8     raw  mean
  const std::map<std::string, std::vector<int>> sheet = {
      {"R", {5, 5, 4, 5, 3, 5, 4, 5}},  //  36  4.5
      {"I", {4, 4, 4, 4, 4, 4, 4, 4}},  //  32  4.0
      {"A", {1, 2, 1, 3, 1, 2, 1, 1}},  //  12  1.5
      {"S", {5, 4, 5, 5, 5, 4, 5, 5}},  //  38  4.75
      {"E", {3, 3, 3, 3, 3, 3, 3, 2}},  //  23  2.875
      {"C", {2, 2, 2, 2, 2, 2, 2, 2}},  //  16  2.0
  };
  InstrumentResult r;
  REQUIRE(ScoreInstrument(in, Answers(in, sheet), &r).ok());
  CHECK(r.instrument == "iip_riasec_48");
  CHECK(r.version == in.version);
  REQUIRE(r.scales.size() == 6);
  const std::vector<std::pair<int, double>> expected = {{36, 4.5},  {32, 4.0},   {12, 1.5},
                                                        {38, 4.75}, {23, 2.875}, {16, 2.0}};
  for (size_t i = 0; i < 6; ++i) {
    CAPTURE(r.scales[i].scale);
    CHECK(r.scales[i].scale == in.scales[i].id);
    CHECK(r.scales[i].scored);
    CHECK(r.scales[i].items == 8);
    CHECK(r.scales[i].answered == 8);
    CHECK(r.scales[i].raw == expected[i].first);
    CHECK(r.scales[i].mean == doctest::Approx(expected[i].second));
  }
  CHECK(r.holland_code == "SRI");
  CHECK_FALSE(r.flat_profile);
  CHECK(r.ties.empty());
}

TEST_CASE("Instrument: equal RIASEC scores are ordered R>I>A>S>E>C and recorded as ties") {
  const Instrument in = LoadRiasec();
  const std::map<std::string, std::vector<int>> sheet = {
      {"R", {3, 3, 3, 3, 3, 3, 3, 3}},  // 24
      {"I", {4, 4, 4, 4, 4, 4, 4, 4}},  // 32
      {"A", {1, 1, 1, 1, 1, 1, 1, 1}},  //  8
      {"S", {5, 5, 5, 5, 3, 3, 3, 3}},  // 32
      {"E", {2, 4, 2, 4, 2, 4, 3, 3}},  // 24
      {"C", {1, 1, 1, 1, 1, 1, 1, 1}},  //  8
  };
  InstrumentResult r;
  REQUIRE(ScoreInstrument(in, Answers(in, sheet), &r).ok());
  CHECK(ScoreOf(r, "I").raw == 32);
  CHECK(ScoreOf(r, "S").raw == 32);
  CHECK(ScoreOf(r, "R").raw == 24);
  CHECK(ScoreOf(r, "E").raw == 24);
  // Ranked I S R E A C: I before S and R before E by the tie-break; the A = C tie
  // below the code decides nothing and is not recorded.
  CHECK(r.holland_code == "ISR");
  CHECK_FALSE(r.flat_profile);
  CHECK(r.ties == Ties{{"I", "S"}, {"R", "E"}});
}

TEST_CASE("Instrument: all six RIASEC scores equal is a flat profile without a code") {
  const Instrument in = LoadRiasec();
  const std::vector<int> answers(in.items.size(), 3);
  InstrumentResult r;
  REQUIRE(ScoreInstrument(in, answers, &r).ok());
  for (const ScaleScore& s : r.scales) {
    CHECK(s.scored);
    CHECK(s.raw == 24);
    CHECK(s.mean == doctest::Approx(3.0));
  }
  CHECK(r.flat_profile);
  CHECK(r.holland_code.empty());
  CHECK(r.ties.empty());
}

TEST_CASE("Instrument: a missing answer leaves its scale unscored and the code empty") {
  const Instrument in = LoadRiasec();
  std::map<std::string, std::vector<int>> sheet = {
      {"R", {5, 5, 5, 5, 5, 5, 5, 5}}, {"I", {4, 4, 4, 4, 4, 4, 4, 4}},
      {"A", {3, 3, 3, 3, 3, 3, 3, 3}}, {"S", {2, 2, 2, 2, 2, 2, 2, 2}},
      {"E", {4, 4, 4, 4, 0, 4, 4, 4}},  // E5 unanswered
      {"C", {1, 1, 1, 1, 1, 1, 1, 1}},
  };
  InstrumentResult r;
  REQUIRE(ScoreInstrument(in, Answers(in, sheet), &r).ok());
  const ScaleScore& e = ScoreOf(r, "E");
  CHECK_FALSE(e.scored);
  CHECK(e.items == 8);
  CHECK(e.answered == 7);
  CHECK(e.raw == 0);  // no partial sum
  CHECK(e.mean == 0);
  CHECK(ScoreOf(r, "R").scored);
  CHECK(ScoreOf(r, "R").raw == 40);
  CHECK(ScoreOf(r, "C").raw == 8);
  CHECK(r.holland_code.empty());
  CHECK_FALSE(r.flat_profile);
  CHECK(r.ties.empty());
}

TEST_CASE("Instrument: reverse-keyed items score min+max-answer") {
  Instrument in;
  const Status s = ParseInstrument(SmallInstrument().dump(), "small.json", &in);
  REQUIRE_MESSAGE(s.ok(), s.ToString());
  CHECK(in.profile.empty());
  InstrumentResult r;
  // X1 (+1) = 4; X2 (-1) answered 2 -> 4; X3 (-1) answered 5 -> 1; Y1 (-1) answered 2 -> 4.
  REQUIRE(ScoreInstrument(in, {4, 2, 5, 2}, &r).ok());
  CHECK(ScoreOf(r, "X").raw == 9);
  CHECK(ScoreOf(r, "X").mean == doctest::Approx(3.0));
  CHECK(ScoreOf(r, "Y").raw == 4);
  CHECK(ScoreOf(r, "Y").mean == doctest::Approx(4.0));
  CHECK(r.holland_code.empty());  // no profile
  CHECK_FALSE(r.flat_profile);
}

TEST_CASE("Instrument: answers off the response scale are refused, naming the item") {
  const Instrument in = LoadRiasec();
  std::vector<int> answers(in.items.size(), 3);
  InstrumentResult r;
  r.holland_code = "untouched";

  answers[47] = 6;  // C8
  Status s = ScoreInstrument(in, answers, &r);
  CHECK(s.code() == Status::Code::kInvalidArgument);
  CHECK(s.message() ==
        "iip_riasec_48: item C8: answer 6 is not on the response scale "
        "(1, 2, 3, 4, 5; 0 = unanswered)");
  CHECK(r.holland_code == "untouched");

  answers[47] = 3;
  answers[1] = -1;  // I1
  s = ScoreInstrument(in, answers, &r);
  CHECK(s.code() == Status::Code::kInvalidArgument);
  CHECK(s.message().find("item I1: answer -1") != std::string::npos);

  s = ScoreInstrument(in, std::vector<int>(47, 3), &r);
  CHECK(s.code() == Status::Code::kInvalidArgument);
  CHECK(s.message() == "iip_riasec_48: 47 answers for 48 items");
}

TEST_CASE("Instrument loader: the small inline instrument is valid") {
  CHECK(ParseError(SmallInstrument()) == "");
}

TEST_CASE("Instrument loader: duplicate item id") {
  json doc = SmallInstrument();
  doc["items"][2]["id"] = "X1";
  CHECK(ParseError(doc) == "t.json: item X1: id is used by more than one item (again at items[2])");
}

TEST_CASE("Instrument loader: item on an unknown scale") {
  json doc = SmallInstrument();
  doc["items"][3]["id"] = "R9";
  doc["items"][3]["scale"] = "Q";
  CHECK(ParseError(doc) ==
        "t.json: item R9: scale \"Q\" is not one of the instrument's scales (X, Y)");
}

TEST_CASE("Instrument loader: missing or empty en translation") {
  SUBCASE("item text") {
    json doc = SmallInstrument();
    doc["items"][1]["text"].erase("en");
    CHECK(ParseError(doc) == "t.json: item X2: text.en is missing");
  }
  SUBCASE("response label") {
    json doc = SmallInstrument();
    doc["response_scale"][3]["label"]["en"] = "";
    CHECK(ParseError(doc) == "t.json: response_scale[3].label.en must not be empty");
  }
  SUBCASE("instrument name") {
    json doc = SmallInstrument();
    doc["name"]["en"] = 7;
    CHECK(ParseError(doc) == "t.json: name.en must be a string, got number");
  }
  SUBCASE("scale name") {
    json doc = SmallInstrument();
    doc["scales"][1]["name"].erase("en");
    CHECK(ParseError(doc) == "t.json: scale Y: name.en is missing");
  }
}

TEST_CASE("Instrument loader: keyed other than 1 or -1") {
  json doc = SmallInstrument();
  SUBCASE("2") {
    doc["items"][1]["keyed"] = 2;
    CHECK(ParseError(doc) == "t.json: item X2: keyed must be 1 or -1, got 2");
  }
  SUBCASE("a string") {
    doc["items"][1]["keyed"] = "-1";
    CHECK(ParseError(doc) == "t.json: item X2: keyed must be an integer, got string");
  }
  SUBCASE("missing") {
    doc["items"][1].erase("keyed");
    CHECK(ParseError(doc) == "t.json: item X2: keyed is missing");
  }
}

TEST_CASE("Instrument loader: response scale not strictly ascending") {
  json doc = SmallInstrument();
  SUBCASE("descending") {
    doc["response_scale"][2]["value"] = 2;
    CHECK(ParseError(doc) ==
          "t.json: response_scale[2].value must be greater than the value "
          "before it (2 then 2): values are distinct and ascending");
  }
  SUBCASE("zero is reserved for unanswered") {
    doc["response_scale"][0]["value"] = 0;
    CHECK(ParseError(doc) ==
          "t.json: response_scale[0].value must be at least 1 (0 means unanswered)");
  }
  SUBCASE("not an integer") {
    doc["response_scale"][1]["value"] = 2.5;
    CHECK(ParseError(doc) == "t.json: response_scale[1].value must be an integer, got number");
  }
  SUBCASE("empty") {
    doc["response_scale"] = json::array();
    CHECK(ParseError(doc) == "t.json: response_scale must have at least one option");
  }
}

TEST_CASE("Instrument loader: malformed JSON") {
  Instrument in;
  in.id = "untouched";
  const Status s = ParseInstrument("{\"id\": \"small\",\n \"version\": }", "t.json", &in);
  CHECK(s.code() == Status::Code::kInvalidArgument);
  CHECK(s.message().rfind("t.json: not valid JSON: ", 0) == 0);
  CHECK(s.message().find("line 2") != std::string::npos);
  CHECK(in.id == "untouched");
}

TEST_CASE("Instrument loader: other structural errors name the field") {
  json doc = SmallInstrument();
  SUBCASE("duplicate scale id") {
    doc["scales"][1]["id"] = "X";
    CHECK(ParseError(doc) == "t.json: scale X: id is used by more than one scale");
  }
  SUBCASE("a scale without items") {
    doc["scales"].push_back({{"id", "Z"}, {"name", {{"zh", "丙"}, {"en", "Zed"}}}});
    CHECK(ParseError(doc) == "t.json: scale Z: has no items");
  }
  SUBCASE("a review aid left in an item") {
    doc["items"][0]["drift_flag"] = nullptr;
    CHECK(ParseError(doc) ==
          "t.json: item X1: drift_flag is not a field of the instrument schema "
          "(docs/instruments.md)");
  }
  SUBCASE("a required top-level field") {
    doc.erase("license");
    CHECK(ParseError(doc) == "t.json: license is missing");
  }
  SUBCASE("scoring method") {
    doc["scoring"]["method"] = "median";
    CHECK(ParseError(doc) == "t.json: scoring.method must be \"sum\" or \"mean\", got \"median\"");
  }
  SUBCASE("holland profile without the six RIASEC scales") {
    doc["scoring"]["profile"] = "holland";
    CHECK(ParseError(doc) ==
          "t.json: scoring.profile \"holland\" needs exactly the six scales "
          "R, I, A, S, E, C in that order, got 2 (X, Y)");
  }
  SUBCASE("norms without groups") {
    doc["norms"] = {{"file", "x.json"}};
    CHECK(ParseError(doc) == "t.json: norms.groups is missing");
  }
  SUBCASE("an item that is not an object") {
    doc["items"][1] = "X2";
    CHECK(ParseError(doc) == "t.json: items[1] must be an object, got string");
  }
  SUBCASE("the document is not an object") {
    CHECK(ParseError(json::array()) == "t.json: the document must be a JSON object, got array");
  }
}

TEST_CASE("Instrument loader: a missing file is NotFound naming the path") {
  Instrument in;
  const std::string path = std::string(CAREERBOT_KNOWLEDGE_DIR) + "/instruments/no_such.json";
  const Status s = LoadInstrumentFile(path, &in);
  CHECK(s.code() == Status::Code::kNotFound);
  CHECK(s.message().find(path) != std::string::npos);
}

}  // namespace
}  // namespace careerbot::knowledge
