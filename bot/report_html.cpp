#include "bot/report_html.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "bot/report_markdown.h"
#include "bot/report_svg.h"
#include "knowledge/text_catalog.h"

namespace careerbot::bot {
namespace {

using knowledge::Lang;

// Readable on a phone, printable on A4: the print rules drop the colours that
// waste ink and keep a chart or a heading together with what follows.
constexpr char kStyle[] = R"css(
:root{color-scheme:light}
body{margin:0;background:#f4f5f7;color:#1f2328;font:16px/1.65 -apple-system,"Segoe UI","PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif}
main{max-width:46rem;margin:0 auto;padding:1.5rem 1.25rem 3rem;background:#fff}
header{border-bottom:3px solid #2f6f9f;margin-bottom:1.5rem}
h1{font-size:1.7rem;margin:.5rem 0 .25rem}
.subtitle{color:#57606a;margin:0 0 1rem}
h2{font-size:1.3rem;color:#2f6f9f;border-bottom:1px solid #d0d7de;padding-bottom:.2rem;margin-top:2rem}
h3{font-size:1.1rem;margin-top:1.4rem}
figure{margin:1.25rem 0}
figcaption{text-align:center;color:#57606a;font-size:.9rem}
svg.chart{display:block;width:100%;max-width:34rem;height:auto;margin:0 auto .25rem;font-size:13px}
svg.chart text{fill:#1f2328}
svg.chart .grid{fill:none;stroke:#d0d7de;stroke-width:1}
svg.chart .area{fill:rgba(47,111,159,.25);stroke:#2f6f9f;stroke-width:2}
svg.chart .dot{fill:#2f6f9f}
svg.chart .track{fill:#eef1f4}
svg.chart .bar{fill:#2f6f9f}
footer{margin-top:2.5rem;border-top:1px solid #d0d7de;padding-top:1rem;color:#57606a;font-size:.9rem}
@media print{
 body{background:#fff;font-size:11pt}
 main{max-width:none;padding:0}
 h2,h3{break-after:avoid}
 figure{break-inside:avoid}
 svg.chart{max-width:15cm}
 svg.chart .area{fill:rgba(0,0,0,.12);stroke:#000}
 svg.chart .bar,svg.chart .dot{fill:#555}
 a{color:inherit;text-decoration:none}
}
@page{size:A4;margin:18mm 16mm}
)css";

std::string Page(const std::string& lang_attr, const std::string& title, const std::string& body) {
  return "<!DOCTYPE html>\n<html lang=\"" + lang_attr +
         "\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<meta name=\"robots\" content=\"noindex, nofollow\">\n"
         "<meta name=\"referrer\" content=\"no-referrer\">\n<title>" +
         EscapeXml(title) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n<main>\n" + body +
         "</main>\n</body>\n</html>\n";
}

}  // namespace

std::string ReportDate(int64_t at_ms) {
  // Days from civil (H. Hinnant's civil_from_days), in UTC+8.
  int64_t days = (at_ms / 1000 + 8 * 3600) / 86400;
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400 + (m <= 2);
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  return buffer;
}

std::string RenderReportHtml(const storage::ReportRecord& report, const knowledge::TextCatalog& texts) {
  const Lang lang = report.lang == "en" ? Lang::kEn : Lang::kZh;
  const std::string title = texts.Render("report.title", lang);
  const std::string subtitle =
      report.final() ? texts.Render("report.subtitle.final", lang,
                                    {{"version", std::to_string(report.version)},
                                     {"date", ReportDate(report.finalized_at_ms)}})
                     : texts.Render("report.subtitle.draft", lang);
  std::string charts;
  const nlohmann::json stored = nlohmann::json::parse(report.charts_json, nullptr, false);
  if (stored.is_array()) {
    for (const auto& j : stored) {
      Chart chart;
      const std::string svg = ChartFromJson(j, &chart) ? ChartSvg(chart) : "";
      if (!svg.empty()) {
        charts += "<figure>" + svg + "<figcaption>" + EscapeXml(chart.title) + "</figcaption></figure>\n";
      }
    }
  }
  std::string body = "<header>\n<h1>" + EscapeXml(title) + "</h1>\n<p class=\"subtitle\">" + EscapeXml(subtitle) +
                     "</p>\n</header>\n";
  for (const storage::ReportSection& s : report.sections) {
    body += "<section id=\"" + EscapeXml(s.id) + "\">\n<h2>" + EscapeXml(s.title) + "</h2>\n";
    if (s.id == "assessment_results") body += charts;
    body += MarkdownToHtml(s.markdown) + "</section>\n";
  }
  body += "<footer>\n<p>" + EscapeXml(texts.Render("report.footer", lang)) + "</p>\n</footer>\n";
  return Page(lang == Lang::kEn ? "en" : "zh-CN", title, body);
}

std::string ReportNotFoundHtml(const knowledge::TextCatalog& texts) {
  std::string body;
  for (Lang lang : {Lang::kZh, Lang::kEn}) {
    body += "<section lang=\"" + std::string(lang == Lang::kEn ? "en" : "zh-CN") + "\">\n<h1>" +
            EscapeXml(texts.Render("report.not_found.title", lang)) + "</h1>\n<p>" +
            EscapeXml(texts.Render("report.not_found.text", lang)) + "</p>\n</section>\n";
  }
  return Page("zh-CN", texts.Render("report.not_found.title", Lang::kZh) + " · " +
                           texts.Render("report.not_found.title", Lang::kEn),
              body);
}

}  // namespace careerbot::bot
