// The report's parts without a server: the SVG charts' geometry with exact
// values, safe Markdown, drafting from records scored by the real instrument, and
// reading a version by its link (expired, unknown, malformed).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bot/admin_token.h"
#include "bot/config.h"
#include "bot/report_draft.h"
#include "bot/report_html.h"
#include "bot/report_markdown.h"
#include "bot/report_service.h"
#include "bot/report_svg.h"
#include "knowledge/result_format.h"
#include "knowledge/validity.h"
#include "storage/memory_store.h"
#include "storage/store.h"
#include "tests/support/knowledge_fixture.h"

namespace careerbot::bot {
namespace {

using careerbot::testing::ShippedKnowledge;

std::string Point(size_t index, size_t count, double fraction) {
  const SvgPoint p = RadarPoint(index, count, fraction);
  return SvgNumber(p.x) + "," + SvgNumber(p.y);
}

TEST_CASE("report charts: radar and bar geometry") {
  CHECK(SvgNumber(303.923048) == "303.92");
  CHECK(SvgNumber(200.0) == "200");
  CHECK(SvgNumber(12.5) == "12.5");
  CHECK(SvgNumber(-0.001) == "0");
  // Six axes: the first points up, then clockwise every 60 degrees.
  CHECK(Point(0, 6, 1) == "200,50");
  CHECK(Point(1, 6, 1) == "303.92,110");
  CHECK(Point(2, 6, 1) == "303.92,230");
  CHECK(Point(3, 6, 0.5) == "200,230");
  CHECK(Point(4, 6, 0.25) == "174.02,185");
  CHECK(Point(5, 6, 0) == "200,170");
  CHECK(BarWidth(0.5) == 120);
  CHECK(BarWidth(1.5) == 240);  // clamped to the track
  CHECK(BarWidth(-1) == 0);

  Chart radar{"radar", "兴趣 <剖面>", {}};
  for (const char* label : {"R", "I", "A", "S", "E", "C"}) radar.axes.push_back({label, 0.5, "24", ""});
  radar.axes[1].fraction = 1;
  const std::string svg = ChartSvg(radar);
  CHECK(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" viewBox=\"0 0 400 340\">"
                  "<title>兴趣 &lt;剖面&gt;</title>", 0) == 0);
  CHECK(svg.find("<polygon class=\"area\" points=\"200,110 303.92,110 251.96,200 200,230 148.04,200 148.04,140\"/>") !=
        std::string::npos);
  CHECK(svg.find(">I 24</text>") != std::string::npos);
  CHECK(svg.substr(svg.size() - 6) == "</svg>");

  Chart bars{"bars", "适应力", {{"关注", 0.25, "3.50", "百分位 62"}, {"好奇", 1, "5.00", ""}}};
  const std::string b = ChartSvg(bars);
  CHECK(b.find("viewBox=\"0 0 600 72\"") != std::string::npos);
  CHECK(b.find("<rect class=\"bar\" x=\"190\" y=\"10\" width=\"60\" height=\"20\"/>") != std::string::npos);
  CHECK(b.find("<rect class=\"bar\" x=\"190\" y=\"42\" width=\"240\" height=\"20\"/>") != std::string::npos);
  CHECK(b.find(">3.50 · 百分位 62</text>") != std::string::npos);
  CHECK(ChartSvg({"radar", "two axes", {{"a", 1, "", ""}, {"b", 1, "", ""}}}).empty());
  CHECK(ChartSvg({"pie", "unknown", {{"a", 1, "", ""}}}).empty());
}

TEST_CASE("report markdown: safe HTML, images as links, escaped answers") {
  CHECK(MarkdownToHtml("## 目标\n\n- **求职**\n") == "<h2>目标</h2>\n<ul>\n<li><strong>求职</strong></li>\n</ul>\n");
  CHECK(MarkdownToHtml("<script>alert(1)</script>\n") == "<!-- raw HTML omitted -->\n");
  CHECK(MarkdownToHtml("a <b onclick=x>b</b>") == "<p>a <!-- raw HTML omitted -->b<!-- raw HTML omitted --></p>\n");
  CHECK(MarkdownToHtml("[x](javascript:alert(1))") == "<p><a href=\"\">x</a></p>\n");
  CHECK(MarkdownToHtml("![logo](https://example.org/a.png)") ==
        "<p><a href=\"https://example.org/a.png\">logo</a></p>\n");
  CHECK(EscapeMarkdown("小*明*_<b>&[x]\nnext") == "小\\*明\\*\\_\\<b\\>\\&\\[x\\] next");
  CHECK(MarkdownToHtml(EscapeMarkdown("<img src=x>")) == "<p>&lt;img src=x&gt;</p>\n");
}

// A client who answered the interest inventory R 2, I 5, A 4, S 3, E 1 and C 1/2
// alternately (raw R 16, I 40, A 32, S 24, E 8, C 12: Holland code IAS).
ClientRecordSet InterestClient(knowledge::Lang lang) {
  const auto& kb = ShippedKnowledge();
  const knowledge::Instrument* in = kb.FindInstrument("iip_riasec_48");
  REQUIRE(in != nullptr);
  std::vector<int> answers;
  for (size_t i = 0; i < in->items.size(); ++i) {
    const int by_scale[] = {2, 5, 4, 3, 1, (i / 6) % 2 ? 2 : 1};
    answers.push_back(by_scale[i % 6]);
  }
  knowledge::InstrumentResult result;
  REQUIRE(knowledge::ScoreInstrument(*in, answers, &result).ok());
  REQUIRE(result.holland_code == "IAS");
  ClientRecordSet records;
  records.profile = {{"age", "28"}, {"education", "bachelor"}, {"goal", "job_seeking"}, {"name", "小*明"}};
  records.results.push_back({"iip_riasec_48", in->version, 1,
                             knowledge::ResultToJson(*in, result, kb.result_texts, lang), 1000});
  return records;
}

const storage::ReportSection& Section(const storage::ReportRecord& r, const std::string& id) {
  for (const auto& s : r.sections) {
    if (s.id == id) return s;
  }
  FAIL("no section " << id);
  throw 0;
}

TEST_CASE("report draft: every section filled from the client's records, in their language") {
  const ClientRecordSet records = InterestClient(knowledge::Lang::kZh);
  CHECK(ReportLang(records) == knowledge::Lang::kZh);
  storage::ReportRecord draft;
  DraftReportContent(ShippedKnowledge(), records, knowledge::Lang::kZh, &draft);
  CHECK(draft.lang == "zh");
  std::vector<std::string> ids, titles;
  for (const auto& s : draft.sections) {
    ids.push_back(s.id);
    titles.push_back(s.title);
  }
  CHECK(ids == std::vector<std::string>{"basic_info", "assessment_results", "career_positioning",
                                        "competence_plan", "development_path", "training"});
  CHECK(titles == std::vector<std::string>{"基本信息", "职业测评结果", "职业定位", "职业能力提升计划", "职业发展路径",
                                           "职业培训建议"});
  CHECK(Section(draft, "basic_info").markdown ==
        "- **姓名**：小\\*明\n- **年龄**：28 岁\n- **最高学历**：本科\n- **咨询目标**：求职\n");
  const std::string results = Section(draft, "assessment_results").markdown;
  CHECK(results.find("- **现实型**：16（可能范围 8–40），较低\n") != std::string::npos);
  CHECK(results.find("- **研究型**：40（可能范围 8–40），较高\n") != std::string::npos);
  CHECK(results.find("- **常规型**：12（可能范围 8–40），较低\n") != std::string::npos);
  CHECK(results.find("霍兰德代码：**IAS**（得分最高的三个兴趣类型）") != std::string::npos);
  CHECK(Section(draft, "career_positioning").markdown.rfind("你的兴趣以 **IAS** 为主。研究型：", 0) == 0);
  CHECK(Section(draft, "competence_plan").markdown ==
        "完成能力或职业适应力测评后，这里会给出职业能力提升计划。");
  CHECK(Section(draft, "development_path").markdown.rfind(
            "- **近期（1 年内）**：围绕首选方向整理简历和作品", 0) == 0);

  const auto charts = nlohmann::json::parse(draft.charts_json);
  REQUIRE(charts.size() == 1);
  CHECK(charts[0].at("kind") == "radar");
  std::vector<double> fractions;
  for (const auto& axis : charts[0].at("axes")) fractions.push_back(axis.at("fraction"));
  CHECK(fractions == std::vector<double>{0.25, 1, 0.75, 0.5, 0, 0.125});
  CHECK(charts[0].at("axes")[1].at("label") == "研究型");
  CHECK(charts[0].at("axes")[1].at("value") == "40");

  // Nothing known yet: every section says what is missing, in English too.
  storage::ReportRecord empty;
  DraftReportContent(ShippedKnowledge(), {}, knowledge::Lang::kEn, &empty);
  CHECK(Section(empty, "basic_info").markdown == "No basic information has been collected yet.");
  CHECK(Section(empty, "assessment_results").markdown == "No assessment has been completed yet.");
  CHECK(empty.charts_json == "[]");
}

TEST_CASE("report draft: an instrument with norms gets bars with percentiles and a competence plan") {
  const auto& kb = ShippedKnowledge();
  const knowledge::Instrument* in = kb.FindInstrument("ipip50_big5_markers");
  REQUIRE(in != nullptr);
  std::vector<int> answers;
  for (size_t i = 0; i < in->items.size(); ++i) answers.push_back(1 + static_cast<int>(i % 5));
  knowledge::ScoreOptions options;
  options.lang = knowledge::Lang::kZh;
  knowledge::InstrumentResult result;
  REQUIRE(knowledge::ScoreInstrument(*in, answers, options, &result).ok());
  REQUIRE(result.has_norms);
  ClientRecordSet records;
  records.results.push_back(
      {in->id, in->version, 1,
       knowledge::ResultToJson(*in, result, kb.result_texts, knowledge::Lang::kZh), 1000});
  storage::ReportRecord draft;
  DraftReportContent(kb, records, knowledge::Lang::kZh, &draft);

  const auto charts = nlohmann::json::parse(draft.charts_json);
  REQUIRE(charts.size() == 1);
  CHECK(charts[0].at("kind") == "bars");
  REQUIRE(charts[0].at("axes").size() == result.scales.size());
  const std::string results = Section(draft, "assessment_results").markdown;
  for (size_t i = 0; i < result.scales.size(); ++i) {
    const knowledge::ScaleScore& s = result.scales[i];
    REQUIRE(s.norm.has_value());
    const std::string percentile = knowledge::FormatNumber(s.norm->percentile, 0);
    const std::string name = in->FindScale(s.scale)->name.zh;
    const auto& axis = charts[0].at("axes")[i];
    CHECK(axis.at("label") == name);
    CHECK(axis.at("value") == std::to_string(s.raw));
    CHECK(axis.at("note") == "百分位 " + percentile);
    CHECK(axis.at("fraction") == doctest::Approx(static_cast<double>(s.raw - s.min) / (s.max - s.min)));
    const std::string line = "- **" + name + "**：" + std::to_string(s.raw) + "（可能范围 " + std::to_string(s.min) +
                             "–" + std::to_string(s.max) + "），百分位 " + percentile + "（常模：" +
                             result.norm_group_label.zh + "）";
    CHECK_MESSAGE(results.find(line) != std::string::npos, line);
  }
  CHECK(results.find("本测评暂无常模") == std::string::npos);
  // Personality bands have suggestions: the plan lists them, at most five.
  const std::string plan = Section(draft, "competence_plan").markdown;
  CHECK(plan.rfind("根据测评结果，建议按以下顺序提升职业能力：\n\n- **", 0) == 0);
  CHECK(Section(draft, "career_positioning").markdown == "完成兴趣测评后，这里会根据你的兴趣类型给出职业定位建议。");
}

TEST_CASE("report page: the scores, an SVG, the language and a print style sheet") {
  storage::ReportRecord report;
  report.client_id = 1;
  report.drafted_by = 1;
  DraftReportContent(ShippedKnowledge(), InterestClient(knowledge::Lang::kEn), knowledge::Lang::kEn, &report);
  report.version = 2;
  report.finalized_by = 1;
  report.finalized_at_ms = 1798736400000;  // 2026-12-31 17:00 UTC: 2027-01-01 in Beijing
  const std::string html = RenderReportHtml(report, ShippedKnowledge().report_texts);
  CHECK(html.rfind("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">", 0) == 0);
  CHECK(html.find("<h1>Career planning report</h1>\n<p class=\"subtitle\">Version 2 · finalized 2027-01-01</p>") !=
        std::string::npos);
  CHECK(html.find("<li><strong>Investigative</strong>: 40 (possible range 8–40), High</li>") != std::string::npos);
  CHECK(html.find("<svg ") != std::string::npos);
  CHECK(html.find("</svg><figcaption>") != std::string::npos);
  CHECK(html.find("@media print") != std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find(" src=") == std::string::npos);
  CHECK(html.find("<link") == std::string::npos);
  CHECK(ReportDate(0) == "1970-01-01");
}

TEST_CASE("report configuration: keys, defaults and refused values") {
  Config config;
  CHECK(config.reports.link_ttl_hours == 720);
  CHECK(ReportUrl(config, "T") == "http://127.0.0.1:8080/r/T");
  REQUIRE(ParseConfigJson(R"({"reports": {"public_base_url": "https://careers.example.org/", "link_ttl_hours": 24}})",
                          "t.json", &config)
              .ok());
  CHECK(config.reports.link_ttl_hours == 24);
  CHECK(ReportUrl(config, "T") == "https://careers.example.org/r/T");
  CHECK(ParseConfigJson(R"({"reports": {"public_base_url": "ftp://x"}})", "t.json", &config).message() ==
        "t.json: reports.public_base_url: must be an http:// or https:// address without query or fragment");
  CHECK(ParseConfigJson(R"({"reports": {"public_base_url": "https://x/?a=1"}})", "t.json", &config).code() ==
        Status::Code::kInvalidArgument);
  CHECK(ParseConfigJson(R"({"reports": {"link_ttl_hours": 0}})", "t.json", &config).message() ==
        "t.json: reports.link_ttl_hours: must be an integer from 1 to 87840");
}

TEST_CASE("report links: found while valid, expired, unknown and malformed tokens find nothing") {
  auto store = storage::NewMemoryStore();
  storage::StaffRecord staff{0, "王老师", "professional", "consultant", "硕士", 0, false, ""};
  int64_t staff_id = 0;
  REQUIRE(store->AddStaff(staff, std::string(64, 'f'), 1, &staff_id).ok());
  storage::TurnWrite turn;
  turn.key = {"api", "", "u"};
  turn.received_at_ms = 1;
  turn.answer_json = "{}";
  turn.snapshot = {"start", "{}"};
  int64_t client = 0;
  REQUIRE(store->CommitTurn(turn, &client).ok());

  Config config;
  config.reports.link_ttl_hours = 2;
  config.reports.public_base_url = "https://careers.example.org";
  const ReportServices services{*store, ShippedKnowledge(), config};
  REQUIRE(DraftReport(services, client, staff_id, knowledge::Lang::kZh, false, 1000, nullptr).ok());
  ReportLink link;
  REQUIRE(FinalizeReport(services, client, staff_id, 10000, &link).ok());
  CHECK(link.version == 1);
  CHECK(link.expires_at_ms == 10000 + 2 * 3600 * 1000);
  REQUIRE(link.url.rfind("https://careers.example.org/r/", 0) == 0);
  const std::string token = link.url.substr(30);
  CHECK(token.size() == 43);

  std::optional<storage::ReportRecord> found;
  REQUIRE(FindReportByLink(*store, token, link.expires_at_ms - 1, &found).ok());
  REQUIRE(found.has_value());
  CHECK(found->version == 1);
  REQUIRE(FindReportByLink(*store, token, link.expires_at_ms, &found).ok());
  CHECK_FALSE(found.has_value());  // expired
  REQUIRE(FindReportByLink(*store, std::string(43, 'A'), 20000, &found).ok());
  CHECK_FALSE(found.has_value());  // unknown
  REQUIRE(FindReportByLink(*store, token + "x", 20000, &found).ok());
  CHECK_FALSE(found.has_value());  // malformed
  REQUIRE(FindReportByLink(*store, "../" + token.substr(3), 20000, &found).ok());
  CHECK_FALSE(found.has_value());

  // A new link replaces the old one.
  ReportLink renewed;
  storage::AuditEntry audit;
  audit.staff_id = staff_id;
  audit.action = "report.link";
  audit.object = "report:1/link";
  audit.client_id = client;
  audit.remote_addr = "127.0.0.1";
  audit.at_ms = 20000;
  REQUIRE(RenewReportLink(services, client, 1, 20000, audit, &renewed).ok());
  REQUIRE(FindReportByLink(*store, token, 20000, &found).ok());
  CHECK_FALSE(found.has_value());
  REQUIRE(FindReportByLink(*store, renewed.url.substr(30), 20000, &found).ok());
  CHECK(found.has_value());
  CHECK(RenewReportLink(services, client, 2, 20000, audit, &renewed).code() == Status::Code::kNotFound);
}

}  // namespace
}  // namespace careerbot::bot
