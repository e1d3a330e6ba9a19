// The loader's checks of the issue-4 schema: languages, derived scales, the score
// transform, forms, validity rules, norm and interpretation references, and the
// knowledge base refusing to start on an invalid instrument.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "knowledge/instrument.h"
#include "knowledge/knowledge_base.h"
#include "tests/knowledge/small_instrument.h"
#include "tests/support/temp_dir.h"

namespace careerbot::knowledge {
namespace {

using nlohmann::json;
using testdata::SmallInstrumentJson;
using testdata::SmallInterpretationJson;

std::string Error(const json& doc) {
  Instrument in;
  const Status s = ParseInstrument(doc.dump(), "t.json", &in);
  return s.ok() ? "" : s.message();
}

void Write(const std::string& path, const std::string& text) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

TEST_CASE("Instrument loader: languages, English-only instruments and missing translations") {
  json doc = SmallInstrumentJson();
  SUBCASE("an English-only instrument carries no zh item text") {
    doc["languages"] = {"en"};
    CHECK(Error(doc) == "t.json: instructions.zh must not be given: the instrument's \"languages\" do not include zh");
    doc["instructions"].erase("zh");
    for (auto& o : doc["response_scale"]) o["label"].erase("zh");
    for (auto& i : doc["items"]) i["text"].erase("zh");
    Instrument in;
    REQUIRE(ParseInstrument(doc.dump(), "t.json", &in).ok());
    CHECK(in.Supports(Lang::kEn));
    CHECK_FALSE(in.Supports(Lang::kZh));
    doc["items"][2]["text"]["zh"] = "甲三";
    CHECK(Error(doc) == "t.json: item X3: text.zh must not be given: the instrument's \"languages\" do not include zh");
  }
  SUBCASE("a bilingual instrument needs both") {
    doc["items"][3]["text"].erase("zh");
    CHECK(Error(doc) == "t.json: item Y1: text.zh is missing");
  }
  SUBCASE("an unknown language") {
    doc["languages"] = {"fr"};
    CHECK(Error(doc) == "t.json: languages has \"fr\": languages are \"zh\" and \"en\"");
  }
}

TEST_CASE("Instrument loader: derived scales, methods and the score transform") {
  json doc = SmallInstrumentJson();
  SUBCASE("a derived total loads and totals its sources") {
    doc["scales"].push_back({{"id", "T"}, {"name", {{"zh", "总"}, {"en", "Total"}}}, {"from", {"X", "Y"}}, {"method", "mean"}});
    Instrument in;
    REQUIRE(ParseInstrument(doc.dump(), "t.json", &in).ok());
    CHECK(in.FindScale("T")->derived());
    CHECK(in.ItemsOf("T").size() == 4);
    CHECK(in.ranked == std::vector<std::string>{"X", "Y"});
    InstrumentResult r;
    // X: 4 + (6-2) + (6-5) = 9; Y: 6-2 = 4; T raw 13, mean 13/4 = 3.25 (its method).
    REQUIRE(ScoreInstrument(in, {4, 2, 5, 2}, &r).ok());
    CHECK(r.Find("T")->raw == 13);
    CHECK(r.Find("T")->score == doctest::Approx(3.25));
    CHECK(r.Find("X")->score == 9);
  }
  SUBCASE("an item on a derived scale") {
    doc["scales"].push_back({{"id", "T"}, {"name", {{"zh", "总"}, {"en", "Total"}}}, {"from", {"X", "Y"}}});
    doc["items"][3]["scale"] = "T";
    CHECK(Error(doc) == "t.json: item Y1: scale \"T\" is derived (a total of other scales): put the item on one of X, Y");
  }
  SUBCASE("a derived scale from an unknown scale") {
    doc["scales"].push_back({{"id", "T"}, {"name", {{"zh", "总"}, {"en", "Total"}}}, {"from", {"X", "Q"}}});
    CHECK(Error(doc) == "t.json: scale T: from names \"Q\", which is not a scale");
  }
  SUBCASE("a scale method") {
    doc["scales"][0]["method"] = "median";
    CHECK(Error(doc) == "t.json: scale X: method must be \"sum\" or \"mean\", got \"median\"");
  }
  SUBCASE("scores on some options only") {
    doc["response_scale"][0]["score"] = 0;
    CHECK(Error(doc) == "t.json: response_scale[1].score must be given for every option or for none");
  }
  SUBCASE("answer - 1 and reverse keying") {
    for (int i = 0; i < 5; ++i) doc["response_scale"][i]["score"] = i;
    Instrument in;
    REQUIRE(ParseInstrument(doc.dump(), "t.json", &in).ok());
    InstrumentResult r;
    // Scores 0-4. X1 answered 4 -> 3; X2 (reverse) answered 2 -> mirror 4 -> 3; X3 answered 5
    // -> mirror 1 -> 0; Y1 answered 2 -> 3.
    REQUIRE(ScoreInstrument(in, {4, 2, 5, 2}, &r).ok());
    CHECK(r.Find("X")->raw == 6);
    CHECK(r.Find("X")->min == 0);
    CHECK(r.Find("X")->max == 12);
    CHECK(r.Find("Y")->raw == 3);
  }
  SUBCASE("a response scale that cannot be reversed") {
    doc["response_scale"].erase(1);  // values 1 3 4 5: the mirror of 4 (1 + 5 - 4 = 2) is missing
    CHECK(Error(doc) == "t.json: response_scale cannot be reversed for the reverse-keyed items: value 4 has no "
                        "mirror value 2");
  }
}

TEST_CASE("Instrument loader: forms and validity rules name the item") {
  json doc = SmallInstrumentJson();
  SUBCASE("a form naming an unknown item") {
    doc["forms"] = {{{"id", "short"}, {"name", {{"zh", "短"}, {"en", "Short"}}}, {"items", {"X1", "Q7"}}}};
    CHECK(Error(doc) == "t.json: form short: items names \"Q7\", which is not an item");
  }
  SUBCASE("a form called full") {
    doc["forms"] = {{{"id", "full"}, {"name", {{"zh", "全"}, {"en", "Full"}}}, {"items", {"X1"}}}};
    CHECK(Error(doc) == "t.json: forms[0]: id \"full\" must be 1-64 of A-Z a-z 0-9 _ - and not \"full\"");
  }
  SUBCASE("a pair naming an unknown item") {
    doc["validity"] = {{"inconsistency", {{"pairs", json::array({json::array({"X1", "Q9"})})}, {"max_difference", 2}, {"min_pairs", 1}}}};
    CHECK(Error(doc) == "t.json: item Q9: validity.inconsistency.pairs[0] names it, but there is no such item");
  }
  SUBCASE("a pair across scales") {
    doc["validity"] = {{"inconsistency", {{"pairs", json::array({json::array({"X1", "Y1"})})}, {"max_difference", 2}, {"min_pairs", 1}}}};
    CHECK(Error(doc) == "t.json: item X1: validity.inconsistency.pairs[0] pairs it with item Y1 of another scale (X, "
                        "Y): a pair measures the same thing");
  }
  SUBCASE("a run limit longer than the instrument") {
    doc["validity"] = {{"straight_lining", {{"max_run", 9}}}};
    CHECK(Error(doc) == "t.json: validity.straight_lining.max_run must be 2 to the number of items (4), got 9");
  }
  SUBCASE("a misspelt rule") {
    doc["validity"] = {{"too_slow", {{"min_median_seconds", 2}}}};
    CHECK(Error(doc) == "t.json: validity.too_slow is not a field of the instrument schema (docs/instruments.md)");
  }
  SUBCASE("a norm group without a default") {
    const json group = {{"id", "all"}, {"label", {{"zh", "全部"}, {"en", "All"}}}};
    doc["norms"] = {{"file", "small.norms.json"}, {"groups", json::array({group})}};
    CHECK(Error(doc) == "t.json: norms.groups must have exactly one group with \"default\": true, got 0");
  }
  SUBCASE("a norm file path outside the folder") {
    doc["norms"] = {{"file", "../secret.json"}, {"groups", json::array()}};
    CHECK(Error(doc) == "t.json: norms.file \"../secret.json\" must be a file name in knowledge/data/norms/");
  }
  SUBCASE("T-score bands without norms") {
    doc["interpretation"] = {{"file", "small.json"}, {"basis", "t"}, {"bands", {{{"id", "low"}, {"below", 50}}, {{"id", "high"}}}}};
    CHECK(Error(doc) == "t.json: interpretation.basis \"t\" needs norms, and the instrument has none");
  }
}

TEST_CASE("Instrument loader: referenced norm and interpretation files must exist and fit") {
  testing::TempDir dir;
  json doc = SmallInstrumentJson();
  doc["interpretation"] = {{"file", "small.json"}, {"basis", "mean"}, {"bands", {{{"id", "low"}, {"below", 3}}, {{"id", "high"}}}}};
  Write(dir.File("interpretation/small.json"), SmallInterpretationJson().dump());
  const std::string path = dir.File("instruments/small.json");
  Instrument in;
  SUBCASE("everything in place") {
    Write(path, doc.dump());
    REQUIRE(LoadInstrumentFile(path, &in).ok());
    CHECK(in.interpretation.Find("X", "high") != nullptr);
  }
  SUBCASE("no interpretation at all") {
    doc.erase("interpretation");
    Write(path, doc.dump());
    CHECK(LoadInstrumentFile(path, &in).message() ==
          path + ": interpretation must name a file: every scale needs its band texts (docs/instruments.md)");
  }
  SUBCASE("a norm file named but missing") {
    const json group = {{"id", "all"}, {"label", {{"zh", "全部"}, {"en", "All"}}}, {"default", true}};
    doc["norms"] = {{"file", "small.norms.json"}, {"groups", json::array({group})}};
    Write(path, doc.dump());
    CHECK(LoadInstrumentFile(path, &in).message() == path + ": norms.file names \"small.norms.json\", but " +
                                                         dir.path() + "/norms/small.norms.json cannot be opened");
  }
  SUBCASE("an interpretation without a scale") {
    json texts = SmallInterpretationJson();
    texts["scales"].erase("Y");
    Write(dir.File("interpretation/small.json"), texts.dump());
    Write(path, doc.dump());
    CHECK(LoadInstrumentFile(path, &in).message() == path + ": " + dir.path() +
                                                         "/interpretation/small.json: scale Y has no texts (instrument "
                                                         "small needs every scale interpreted)");
  }
  SUBCASE("an interpretation text missing its English") {
    json texts = SmallInterpretationJson();
    texts["scales"]["X"]["bands"]["high"]["watch_outs"].erase("en");
    Write(dir.File("interpretation/small.json"), texts.dump());
    Write(path, doc.dump());
    CHECK(LoadInstrumentFile(path, &in).message() == path + ": " + dir.path() +
                                                         "/interpretation/small.json: scale X, band high: "
                                                         "watch_outs.en is missing");
  }
  SUBCASE("a band the texts do not have") {
    doc["interpretation"]["bands"][1]["id"] = "top";
    Write(path, doc.dump());
    CHECK(LoadInstrumentFile(path, &in).message() == path + ": " + dir.path() +
                                                         "/interpretation/small.json: has no band \"top\", which the "
                                                         "instrument's interpretation.bands uses");
  }
}

TEST_CASE("Instrument loader: the knowledge base refuses to start on an invalid instrument") {
  testing::TempDir dir;
  std::filesystem::copy(CAREERBOT_KNOWLEDGE_DIR, dir.path(), std::filesystem::copy_options::recursive);
  const std::string file = dir.File("instruments/caas_24.json");
  std::ifstream in(file);
  json doc = json::parse(in);
  doc["items"][4]["keyed"] = 0;
  std::ofstream(file, std::ios::trunc) << doc.dump(1);
  KnowledgeBase kb;
  const Status s = LoadKnowledgeBase(dir.path(), &kb);
  CHECK(s.code() == Status::Code::kInvalidArgument);
  CHECK(s.message() == file + ": item caas_05: keyed must be 1 or -1, got 0");
}

}  // namespace
}  // namespace careerbot::knowledge
