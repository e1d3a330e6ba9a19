// A small valid instrument for loader, norm and builder tests: scale X with one
// forward and two reverse-keyed items, scale Y with one reverse-keyed item,
// response scale 1..5 (so a reverse-keyed answer a scores 6 - a).
#pragma once

#include <nlohmann/json.hpp>

namespace careerbot::knowledge::testdata {

inline nlohmann::json SmallInstrumentJson() {
  using nlohmann::json;
  auto text = [](const char* zh, const char* en) { return json{{"zh", zh}, {"en", en}}; };
  json options = json::array();
  const char* zh[] = {"一", "二", "三", "四", "五"};
  const char* en[] = {"one", "two", "three", "four", "five"};
  for (int v = 1; v <= 5; ++v) options.push_back({{"value", v}, {"label", text(zh[v - 1], en[v - 1])}});
  return json{
      {"id", "small"},
      {"version", "1"},
      {"name", text("小量表", "Small")},
      {"construct", "testing"},
      {"theory", "none"},
      {"citations", json::array({"Nobody (2024)."})},
      {"license", "test data"},
      {"attribution", text("测试", "Test")},
      {"translation_status", "test"},
      {"instructions", text("请回答", "Please answer")},
      {"response_scale", options},
      {"scales", json::array({{{"id", "X"}, {"name", text("甲", "Ex")}}, {{"id", "Y"}, {"name", text("乙", "Why")}}})},
      {"items", json::array({{{"id", "X1"}, {"scale", "X"}, {"keyed", 1}, {"text", text("甲一", "x one")}},
                             {{"id", "X2"}, {"scale", "X"}, {"keyed", -1}, {"text", text("甲二", "x two")}},
                             {{"id", "X3"}, {"scale", "X"}, {"keyed", -1}, {"text", text("甲三", "x three")}},
                             {{"id", "Y1"}, {"scale", "Y"}, {"keyed", -1}, {"text", text("乙一", "y one")}}})},
      {"scoring", {{"method", "sum"}, {"profile", nullptr}, {"missing", "none"}}},
      {"norms", nullptr},
  };
}

// Interpretation texts for the small instrument (bands low, high; scales X, Y).
inline nlohmann::json SmallInterpretationJson() {
  using nlohmann::json;
  auto t = [](const char* w) { return json{{"zh", std::string("中") + w}, {"en", w}}; };
  json band = {{"meaning", t("m")}, {"strengths", t("s")}, {"watch_outs", t("w")}, {"suggestions", t("g")}};
  json scale = {{"about", t("about")}, {"bands", {{"low", band}, {"high", band}}}};
  return json{{"schema", "interpretation/1"},
              {"id", "small"},
              {"written_by", t("us")},
              {"bands", json::array({{{"id", "low"}, {"label", t("Low")}}, {{"id", "high"}, {"label", t("High")}}})},
              {"scales", {{"X", scale}, {"Y", scale}}}};
}

}  // namespace careerbot::knowledge::testdata
