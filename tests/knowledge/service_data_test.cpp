// The loaders of the service's data files (service flow, agreement, labour market)
// and the errors they give for bad files.
#include <doctest/doctest.h>

#include <fstream>

#include "knowledge/agreement.h"
#include "knowledge/labour_market.h"
#include "knowledge/service_flow.h"
#include "knowledge/text_normalizer.h"
#include "tests/support/knowledge_fixture.h"
#include "tests/support/temp_dir.h"

namespace careerbot::knowledge {
namespace {

std::string Write(const testing::TempDir& dir, const std::string& name, const std::string& text) {
  const std::string path = dir.File(name);
  std::ofstream(path) << text;
  return path;
}

TEST_CASE("service flow: the shipped survey") {
  const ServiceFlow& flow = testing::ShippedKnowledge().flow;
  REQUIRE(flow.intake.size() == 22);
  CHECK(flow.intake[0].id == "name");
  const IntakeField* occupation = flow.FindField("occupation");
  REQUIRE(occupation);
  REQUIRE(occupation->when.size() == 1);
  CHECK(occupation->when[0].field == "status");
  CHECK(occupation->when[0].in == std::vector<std::string>{"employed"});
  CHECK(flow.FindField("values")->kind == IntakeField::Kind::kRanking);
  CHECK(flow.plan.always == std::vector<std::string>{"iip_riasec_48"});
}

TEST_CASE("service flow: bad files are refused, naming the file, the field and what was expected") {
  testing::TempDir dir;
  auto load = [&](const std::string& intake, const std::string& plan = R"({"always": ["x"]})") {
    ServiceFlow flow;
    return LoadServiceFlowFile(
        Write(dir, "service.json", R"({"privacy_notice_version": "1", "intake": )" + intake + R"(, "plan": )" + plan + "}"),
        &flow);
  };
  const std::string path = dir.File("service.json");
  const std::string name = R"({"id": "name", "section": "basic", "kind": "text", "min": 1, "max": 5, "prompt": "p", "reprompt": "r"})";
  CHECK(load("[" + name + "]").ok());
  CHECK(load(R"([{"id": "x", "section": "basic", "kind": "essay", "prompt": "p", "reprompt": "r"}])").message() ==
        path + ": intake field \"x\": \"kind\" must be text, integer, choice, multi_choice or ranking, not \"essay\"");
  CHECK(load("[" + name + "," + name + "]").message() == path + ": duplicate intake field \"name\"");
  CHECK(load(R"([{"id": "job", "section": "basic", "kind": "text", "min": 1, "max": 5, "prompt": "p", "reprompt": "r",
                  "when": {"field": "status", "in": ["employed"]}}])")
            .message() == path + ": intake field \"job\": \"when\" names \"status\", which is not an earlier field");
  CHECK(load(R"([{"id": "v", "section": "values", "kind": "ranking", "min": 3, "max": 3, "prompt": "p", "reprompt": "r",
                  "choices": [{"id": "a", "label": "a"}, {"id": "b", "label": "b"}]}])")
            .message() == path + ": intake field \"v\": needs 1 <= min <= max <= the number of choices");
  CHECK(load("[" + name + "]", R"({"always": []})").message() == path + ": plan: \"always\" must name at least one instrument");
}

TEST_CASE("agreement: the shipped agreement, filled with the institution's profile") {
  const Agreement& agreement = testing::ShippedKnowledge().agreement;
  CHECK(agreement.version == "2026-11-27.1");
  REQUIRE(agreement.sections.size() == 6);
  const std::string text = agreement.Render(Lang::kZh, {{"institution", "某机构"}, {"registration_no", "123"}, {"contact", "电话 1"}});
  CHECK(text.rfind("职业生涯规划服务协议（某机构，登记号 123）\n\n一、服务内容\n某机构（以下称“服务方”）", 0) == 0);
  CHECK(text.find("通过 电话 1 联系服务方") != std::string::npos);
  CHECK(text.find('{') == std::string::npos);
}

TEST_CASE("agreement: an unknown placeholder or a missing language is refused") {
  testing::TempDir dir;
  Agreement agreement;
  const std::string path = Write(dir, "agreement.json", R"({"version": "1", "title": {"zh": "协议{name}", "en": "A{name}"},
      "sections": [{"heading": {"zh": "一", "en": "1"}, "body": {"zh": "正文", "en": "Body"}}]})");
  CHECK(LoadAgreementFile(path, &agreement).message() == path + ": \"title\" (zh) has an unknown placeholder {name}");
  Write(dir, "agreement.json", R"({"version": "1", "title": {"zh": "协议", "en": "A"},
      "sections": [{"heading": {"zh": "一"}, "body": {"zh": "正文", "en": "Body"}}]})");
  CHECK(LoadAgreementFile(path, &agreement).message() == path + ": section 1: \"heading\" is missing its \"en\" text");
}

TEST_CASE("labour market: entries for the city first, then the industry, then general ones") {
  const LabourMarketInfo& info = testing::ShippedKnowledge().labour_market;
  auto ids = [&](const std::string& city, const std::string& industry, size_t limit) {
    std::vector<std::string> out;
    for (const auto* e : info.Find(NormalizeText(city), industry, limit)) out.push_back(e->id);
    return out;
  };
  CHECK(ids("上海市", "it_internet", 4) ==
        std::vector<std::string>{"shanghai_graduates", "it_market", "entrepreneurship_loans", "training_subsidy"});
  CHECK(ids("Shanghai", "finance", 2) == std::vector<std::string>{"shanghai_graduates", "entrepreneurship_loans"});
  CHECK(ids("拉萨", "other", 5) == std::vector<std::string>{"entrepreneurship_loans", "training_subsidy", "public_services"});
}

}  // namespace
}  // namespace careerbot::knowledge
