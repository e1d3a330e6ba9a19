// The career-planning report against the real server (S-4.6.1, S-5.5): a client
// talks through the needs survey and the interest inventory over the JSON
// channel; an assistant drafts and edits the report, a professional finalizes it,
// and the client's link shows their actual scores with an SVG chart. Finalizing
// again makes version 2 while version 1 stays readable; unknown and malformed
// links get the same plain 404; every staff read and change is audited.
#include <doctest/doctest.h>
#include <httplib.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "tests/bot/admin_testing.h"
#include "tests/bot/api_client.h"

namespace careerbot::testing {
namespace {

using nlohmann::json;

constexpr char kBase[] = "https://careers.example.org";

std::string Section(const json& report, const std::string& id) {
  for (const auto& s : report.at("sections")) {
    if (s.at("id") == id) return s.at("markdown");
  }
  FAIL("no section " << id);
  return "";
}

httplib::Result GetPage(int port, const std::string& path) {
  httplib::Client c("127.0.0.1", port);
  c.set_read_timeout(30, 0);
  auto res = c.Get(path.c_str());
  REQUIRE(res);
  return res;
}

TEST_CASE("reports: drafted from a conversation, edited, finalized into versions, read by the client's link") {
  TempDir dir;
  {
    std::ofstream config(dir.File("careerbot.json"));
    config << R"({"reports": {"public_base_url": "https://careers.example.org/", "link_ttl_hours": 48}})";
  }
  ServerProcess server(dir.path(), {"--config", dir.File("careerbot.json")});
  const int port = server.port();
  const StaffToken professional = AddStaff(dir.path(), "王老师", "professional", "consultant");
  const StaffToken assistant = AddStaff(dir.path(), "李助理", "auxiliary", "assessor");
  const StaffToken admin = AddStaff(dir.path(), "Admin", "admin", "admin");

  // The client: the needs survey (小明, 28, bachelor, seeking a job), the agreement,
  // then the 48 interest items, answered R 2, I 5, A 4, S 3, E 1, C 2 (items alternate R I A S E C).
  ApiConversation client(port, "client-1");
  client.ThroughIntake();
  ApiReply last;
  for (int i = 0; i < 48; ++i) {
    const char* by_scale[] = {"2", "5", "4", "3", "1", "2"};
    last = client.Send(by_scale[i % 6]);
    REQUIRE(last.status == 200);
  }
  const std::string base = "/admin/api/v1/cases/1";
  AdminReply detail = AdminGet(port, base, professional.token);
  REQUIRE(detail.status == 200);
  REQUIRE(detail.json.at("results").size() == 1);
  const json result = detail.json.at("results")[0].at("result");
  REQUIRE(result.at("holland_code") == "IAS");
  CHECK(detail.json.at("status") == "in_progress");

  // The assistant drafts: every section filled from the stored data.
  AdminReply draft = AdminRequest(port, "POST", base + "/reports", assistant.token, "");
  REQUIRE_MESSAGE(draft.status == 201, draft.body);
  CHECK(draft.json.at("version") == 0);
  CHECK(draft.json.at("status") == "draft");
  CHECK(draft.json.at("lang") == "zh");
  CHECK(draft.json.at("drafted_by") == assistant.id);
  CHECK(Section(draft.json, "basic_info") ==
        "- **姓名**：小明\n- **年龄**：28 岁\n- **最高学历**：本科\n- **专业**：计算机\n- **目前状况**：在校学生\n"
        "- **所在城市**：北京\n- **咨询目标**：求职\n- **目标城市**：上海\n- **目标行业**：信息技术/互联网\n");
  const std::string results = Section(draft.json, "assessment_results");
  for (const auto& s : result.at("scales")) {
    const std::string line = "- **" + s.at("name").get<std::string>() + "**：" + std::to_string(s.at("raw").get<int>()) +
                             "（可能范围 8–40）";
    CHECK_MESSAGE(results.find(line) != std::string::npos, line);
  }
  CHECK(results.find("霍兰德代码：**IAS**") != std::string::npos);
  CHECK(Section(draft.json, "career_positioning").find("你的兴趣以 **IAS** 为主。") == 0);
  CHECK(draft.json.at("charts").at(0).at("kind") == "radar");
  CHECK(AdminGet(port, base, professional.token).json.at("status") == "report_drafted");
  // One draft at a time.
  CHECK(AdminRequest(port, "POST", base + "/reports", assistant.token, "").status == 409);

  // Editing a section: raw HTML never reaches the page, Markdown does.
  AdminReply edit = AdminRequest(port, "PUT", base + "/reports/draft/sections/training", assistant.token,
                                 R"({"markdown": "- **沟通表达训练** <script>alert(1)</script>"})");
  REQUIRE_MESSAGE(edit.status == 200, edit.body);
  CHECK(Section(edit.json, "training") == "- **沟通表达训练** <script>alert(1)</script>");
  CHECK(AdminRequest(port, "PUT", base + "/reports/draft/sections/nothing", assistant.token,
                     R"({"markdown": "x"})").status == 404);
  CHECK(AdminRequest(port, "PUT", base + "/reports/draft/sections/training", assistant.token, R"({"md": "x"})")
            .json.at("error").at("message") == "markdown: must be a string");
  AdminReply draft_html = AdminGet(port, base + "/reports/draft/html", assistant.token);
  REQUIRE(draft_html.status == 200);
  CHECK(draft_html.body.find("<li><strong>沟通表达训练</strong> <!-- raw HTML omitted -->alert(1)<!-- raw HTML omitted --></li>") !=
        std::string::npos);
  CHECK(draft_html.body.find("<script") == std::string::npos);
  CHECK(draft_html.body.find("草稿（尚未定稿）") != std::string::npos);

  // Only a professional finalizes.
  CHECK(AdminRequest(port, "POST", base + "/reports/draft/finalize", assistant.token, "").status == 403);
  AdminReply final1 = AdminRequest(port, "POST", base + "/reports/draft/finalize", professional.token, "");
  REQUIRE_MESSAGE(final1.status == 201, final1.body);
  CHECK(final1.json.at("version") == 1);
  const std::string url1 = final1.json.at("url");
  REQUIRE(url1.rfind(std::string(kBase) + "/r/", 0) == 0);
  const std::string path1 = url1.substr(std::string(kBase).size());
  CHECK(path1.size() == 3 + 43);
  CHECK(AdminGet(port, base, professional.token).json.at("status") == "report_final");
  // The client receives the link in their channel: first in their next answer here.
  CHECK(final1.json.at("client_told") == "with_next_reply");
  ApiReply told = client.Send("你好");
  REQUIRE(!told.json.at("replies").empty());
  CHECK(told.json["replies"][0]["text"] == "你的职业生涯规划报告（第 1 版）已经由咨询师审定，请点开链接阅读，也可以打印保存。");
  CHECK(told.json["replies"][0]["link"]["url"] == url1);
  CHECK(told.json["replies"][0]["link"]["title"] == "职业生涯规划报告");
  // The draft is frozen: nothing left to edit or finalize.
  CHECK(AdminRequest(port, "PUT", base + "/reports/draft/sections/training", professional.token,
                     R"({"markdown": "changed"})").status == 404);
  CHECK(AdminRequest(port, "POST", base + "/reports/draft/finalize", professional.token, "").status == 404);

  // The client's page: their scores, an SVG chart, their language, printable, private.
  auto page = GetPage(port, path1);
  CHECK(page->status == 200);
  CHECK(page->get_header_value("Content-Type") == "text/html; charset=utf-8");
  CHECK(page->get_header_value("Cache-Control") == "no-store");
  CHECK(page->get_header_value("Referrer-Policy") == "no-referrer");
  CHECK(page->get_header_value("Content-Security-Policy").find("default-src 'none'") == 0);
  const std::string& html = page->body;
  CHECK(html.find("<html lang=\"zh-CN\">") != std::string::npos);
  CHECK(html.find("<meta charset=\"utf-8\">") != std::string::npos);
  CHECK(html.find("第 1 版 · ") != std::string::npos);
  for (const auto& s : result.at("scales")) {
    const std::string item = "<li><strong>" + s.at("name").get<std::string>() + "</strong>：" +
                             std::to_string(s.at("raw").get<int>()) + "（可能范围 8–40）";
    CHECK_MESSAGE(html.find(item) != std::string::npos, item);
    // The radar's label: the scale and its score.
    CHECK(html.find(">" + s.at("name").get<std::string>() + " " + std::to_string(s.at("raw").get<int>()) + "</text>") !=
          std::string::npos);
  }
  CHECK(html.find("<svg ") != std::string::npos);
  CHECK(html.find("@media print") != std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find(" src=") == std::string::npos);

  // A second version; the first stays as it was, for staff and at its link.
  REQUIRE(AdminRequest(port, "POST", base + "/reports", professional.token, R"({"lang": "en"})").status == 201);
  REQUIRE(AdminRequest(port, "PUT", base + "/reports/draft/sections/basic_info", professional.token,
                       R"({"markdown": "- **Name**: Ming"})").status == 200);
  AdminReply final2 = AdminRequest(port, "POST", base + "/reports/draft/finalize", professional.token, "");
  REQUIRE(final2.status == 201);
  CHECK(final2.json.at("version") == 2);
  AdminReply list = AdminGet(port, base + "/reports", assistant.token);
  REQUIRE(list.status == 200);
  REQUIRE(list.json.at("reports").size() == 2);
  CHECK(list.json.at("reports")[0].at("version") == 1);
  CHECK(list.json.at("reports")[0].at("lang") == "zh");
  CHECK(list.json.at("reports")[1].at("version") == 2);
  CHECK(list.json.at("reports")[1].at("lang") == "en");
  CHECK(list.json.at("reports")[1].at("finalized_by") == professional.id);
  AdminReply v1 = AdminGet(port, base + "/reports/1", assistant.token);
  CHECK(Section(v1.json, "training") == "- **沟通表达训练** <script>alert(1)</script>");
  AdminReply v2 = AdminGet(port, base + "/reports/2", assistant.token);
  CHECK(Section(v2.json, "basic_info") == "- **Name**: Ming");
  CHECK(Section(v2.json, "assessment_results").find("- **Investigative**: 40 (possible range 8–40)") !=
        std::string::npos);
  CHECK(AdminGet(port, base + "/reports/3", assistant.token).status == 404);
  CHECK(AdminGet(port, "/admin/api/v1/cases/9/reports", assistant.token).status == 404);
  auto v2_html = GetPage(port, final2.json.at("url").get<std::string>().substr(std::string(kBase).size()));
  CHECK(v2_html->body.find("<html lang=\"en\">") != std::string::npos);
  CHECK(GetPage(port, path1)->status == 200);

  // A new link for version 1: the old one stops working.
  AdminReply renewed = AdminRequest(port, "POST", base + "/reports/1/link", professional.token, "");
  REQUIRE(renewed.status == 201);
  CHECK(GetPage(port, path1)->status == 404);
  CHECK(GetPage(port, renewed.json.at("url").get<std::string>().substr(std::string(kBase).size()))->status == 200);

  // Unknown and malformed links: the same plain page, nothing revealed.
  auto unknown = GetPage(port, "/r/" + std::string(43, 'A'));
  auto malformed = GetPage(port, "/r/not-a-token");
  auto deeper = GetPage(port, "/r/a/b");
  CHECK(unknown->status == 404);
  CHECK(malformed->status == 404);
  CHECK(deeper->status == 404);
  CHECK(unknown->body == malformed->body);
  CHECK(unknown->body == deeper->body);
  CHECK(unknown->get_header_value("Cache-Control") == "no-store");
  CHECK(unknown->body.find("这个链接无效或已过期") != std::string::npos);
  CHECK(unknown->body.find("IAS") == std::string::npos);

  // The client's copy of their data holds every version whole.
  AdminReply copy = AdminGet(port, "/admin/api/v1/clients/1/export", professional.token);
  REQUIRE(copy.status == 200);
  REQUIRE(copy.json.at("reports").size() == 2);
  CHECK(Section(copy.json.at("reports")[0], "training") == "- **沟通表达训练** <script>alert(1)</script>");
  CHECK(copy.json.at("reports")[1].at("version") == 2);

  // Every staff read and change is in the audit log, with the client.
  AdminReply audit = AdminGet(port, "/admin/api/v1/audit?limit=200", admin.token);
  REQUIRE(audit.status == 200);
  std::multiset<std::string> actions;
  for (const auto& e : audit.json.at("entries")) {
    if (e.at("action").get<std::string>().rfind("report", 0) != 0) continue;
    CHECK(e.at("client_id") == 1);
    actions.insert(e.at("action").get<std::string>() + " " + e.at("object").get<std::string>() + " by " +
                   std::to_string(e.at("staff_id").get<int64_t>()));
  }
  const std::string p = std::to_string(professional.id), a = std::to_string(assistant.id);
  CHECK(actions == std::multiset<std::string>{
                       "report.draft report:draft by " + a,
                       "report.edit report:draft/section:training by " + a,
                       "report.read report:draft/html by " + a,
                       "report.finalize report:1 by " + p,
                       "report.draft report:draft by " + p,
                       "report.edit report:draft/section:basic_info by " + p,
                       "report.finalize report:2 by " + p,
                       "reports.list reports by " + a,
                       "report.read report:1 by " + a,
                       "report.read report:2 by " + a,
                       "report.link report:1/link by " + p,
                   });
}

}  // namespace
}  // namespace careerbot::testing
