#include "bot/report_svg.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace careerbot::bot {
namespace {

using nlohmann::json;

constexpr double kPi = 3.14159265358979323846;

double Clamp(double f) { return std::isfinite(f) ? std::clamp(f, 0.0, 1.0) : 0.0; }

std::string Polygon(size_t count, const std::vector<double>& fractions) {
  std::string points;
  for (size_t i = 0; i < count; ++i) {
    const SvgPoint p = RadarPoint(i, count, fractions[i]);
    points += (i ? " " : "") + SvgNumber(p.x) + "," + SvgNumber(p.y);
  }
  return points;
}

std::string Open(double width, double height, const std::string& title) {
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" viewBox=\"0 0 " +
         SvgNumber(width) + " " + SvgNumber(height) + "\"><title>" + EscapeXml(title) + "</title>";
}

std::string Radar(const Chart& chart) {
  const size_t n = chart.axes.size();
  constexpr double kLabelGap = 18;
  std::string svg = Open(kRadarCx * 2, kRadarCy * 2, chart.title);
  for (double ring : {0.25, 0.5, 0.75, 1.0}) {
    svg += "<polygon class=\"grid\" points=\"" + Polygon(n, std::vector<double>(n, ring)) + "\"/>";
  }
  for (size_t i = 0; i < n; ++i) {
    const SvgPoint end = RadarPoint(i, n, 1);
    svg += "<line class=\"grid\" x1=\"" + SvgNumber(kRadarCx) + "\" y1=\"" + SvgNumber(kRadarCy) + "\" x2=\"" +
           SvgNumber(end.x) + "\" y2=\"" + SvgNumber(end.y) + "\"/>";
  }
  std::vector<double> fractions;
  for (const ChartAxis& a : chart.axes) fractions.push_back(Clamp(a.fraction));
  svg += "<polygon class=\"area\" points=\"" + Polygon(n, fractions) + "\"/>";
  for (size_t i = 0; i < n; ++i) {
    const SvgPoint p = RadarPoint(i, n, fractions[i]);
    svg += "<circle class=\"dot\" cx=\"" + SvgNumber(p.x) + "\" cy=\"" + SvgNumber(p.y) + "\" r=\"3\"/>";
    // The label sits just outside the ring, anchored away from the centre.
    const SvgPoint at = RadarPoint(i, n, 1 + kLabelGap / kRadarRadius);
    const char* anchor = std::abs(at.x - kRadarCx) < 1 ? "middle" : at.x > kRadarCx ? "start" : "end";
    svg += "<text x=\"" + SvgNumber(at.x) + "\" y=\"" + SvgNumber(at.y + 4) + "\" text-anchor=\"" + anchor +
           "\">" + EscapeXml(chart.axes[i].label) + " " + EscapeXml(chart.axes[i].value) + "</text>";
  }
  return svg + "</svg>";
}

std::string Bars(const Chart& chart) {
  const double height = kBarRowHeight * static_cast<double>(chart.axes.size()) + 8;
  std::string svg = Open(kBarTrackX + kBarTrackWidth + 170, height, chart.title);
  for (size_t i = 0; i < chart.axes.size(); ++i) {
    const ChartAxis& a = chart.axes[i];
    const double top = 4 + kBarRowHeight * static_cast<double>(i);
    const double middle = top + kBarRowHeight / 2 + 4;
    svg += "<text x=\"" + SvgNumber(kBarTrackX - 8) + "\" y=\"" + SvgNumber(middle) +
           "\" text-anchor=\"end\">" + EscapeXml(a.label) + "</text>";
    svg += "<rect class=\"track\" x=\"" + SvgNumber(kBarTrackX) + "\" y=\"" + SvgNumber(top + 6) + "\" width=\"" +
           SvgNumber(kBarTrackWidth) + "\" height=\"" + SvgNumber(kBarRowHeight - 12) + "\"/>";
    svg += "<rect class=\"bar\" x=\"" + SvgNumber(kBarTrackX) + "\" y=\"" + SvgNumber(top + 6) + "\" width=\"" +
           SvgNumber(BarWidth(a.fraction)) + "\" height=\"" + SvgNumber(kBarRowHeight - 12) + "\"/>";
    std::string value = a.value;
    if (!a.note.empty()) value += " · " + a.note;
    svg += "<text x=\"" + SvgNumber(kBarTrackX + kBarTrackWidth + 8) + "\" y=\"" + SvgNumber(middle) + "\">" +
           EscapeXml(value) + "</text>";
  }
  return svg + "</svg>";
}

}  // namespace

json ChartToJson(const Chart& chart) {
  json axes = json::array();
  for (const ChartAxis& a : chart.axes) {
    axes.push_back({{"label", a.label}, {"fraction", a.fraction}, {"value", a.value}, {"note", a.note}});
  }
  return {{"kind", chart.kind}, {"title", chart.title}, {"axes", axes}};
}

bool ChartFromJson(const json& j, Chart* out) {
  if (!j.is_object() || !j.contains("axes") || !j.at("axes").is_array()) return false;
  Chart c;
  c.kind = j.value("kind", "");
  c.title = j.value("title", "");
  for (const json& a : j.at("axes")) {
    if (!a.is_object()) return false;
    c.axes.push_back({a.value("label", ""), a.value("fraction", 0.0), a.value("value", ""), a.value("note", "")});
  }
  *out = std::move(c);
  return true;
}

SvgPoint RadarPoint(size_t index, size_t count, double fraction) {
  const double angle = -kPi / 2 + 2 * kPi * static_cast<double>(index) / static_cast<double>(count);
  return {kRadarCx + kRadarRadius * fraction * std::cos(angle), kRadarCy + kRadarRadius * fraction * std::sin(angle)};
}

double BarWidth(double fraction) { return kBarTrackWidth * Clamp(fraction); }

std::string SvgNumber(double value) {
  char buffer[32];
  const double rounded = std::round(value * 100) / 100;
  std::snprintf(buffer, sizeof buffer, "%.2f", rounded == 0 ? 0.0 : rounded);  // no "-0"
  std::string s = buffer;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

std::string ChartSvg(const Chart& chart) {
  if (chart.kind == "radar" && chart.axes.size() >= 3) return Radar(chart);
  if (chart.kind == "bars" && !chart.axes.empty()) return Bars(chart);
  return "";
}

std::string EscapeXml(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace careerbot::bot
