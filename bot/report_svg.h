// The report's charts as inline SVG (no script, no external resource): a radar
// chart of the interest areas and horizontal bars for other scales. A chart is
// plain data drafted from the results (bot/report_draft.h) and frozen with the
// report version, so a finalized page always draws what was finalized. Labels
// come in already written in the report's language: this file writes no words.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace careerbot::bot {

struct ChartAxis {
  std::string label;   // "R 现实型"
  double fraction = 0; // where the score lies in its possible range, 0..1 (clamped when drawn)
  std::string value;   // the score as the client reads it, "3.5"
  std::string note;    // "percentile 62", or ""
};

struct Chart {
  std::string kind;  // "radar" | "bars"
  std::string title;
  std::vector<ChartAxis> axes;
};

nlohmann::json ChartToJson(const Chart& chart);
// False when `j` is not a chart (a stored report is ours, so this means a bug).
bool ChartFromJson(const nlohmann::json& j, Chart* out);

struct SvgPoint {
  double x = 0, y = 0;
};

// The radar's geometry: centre (kRadarCx, kRadarCy), radius kRadarRadius; axis
// `index` of `count` points up for index 0 and goes clockwise; `fraction` 0 is
// the centre and 1 the outer ring.
inline constexpr double kRadarCx = 200, kRadarCy = 170, kRadarRadius = 120;
SvgPoint RadarPoint(size_t index, size_t count, double fraction);

// The bars' geometry: one row of kBarRowHeight per axis; the track starts at
// kBarTrackX and is kBarTrackWidth long.
inline constexpr double kBarRowHeight = 32, kBarTrackX = 190, kBarTrackWidth = 240;
double BarWidth(double fraction);

// "12.35": two decimals, trailing zeros and a trailing point dropped ("200", "303.92").
std::string SvgNumber(double value);

// An <svg> element with role="img", a <title> and the chart; "" for a chart of
// an unknown kind or without axes (a radar needs at least three).
std::string ChartSvg(const Chart& chart);

// Text for HTML and SVG: & < > " ' escaped.
std::string EscapeXml(const std::string& text);

}  // namespace careerbot::bot
