// Every transcript of tests/conversations/ (the conversation tests as data), run
// through the real conversation service with the shipped knowledge.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "bot/conversation_script.h"
#include "tests/support/knowledge_fixture.h"

namespace careerbot::bot {
namespace {

std::vector<std::string> Transcripts() {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(CAREERBOT_SOURCE_DIR) + "/tests/conversations")) {
    if (entry.path().extension() == ".chat") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST_CASE("conversations: every transcript in tests/conversations passes") {
  const auto files = Transcripts();
  REQUIRE(files.size() >= 14);
  for (const auto& file : files) {
    CAPTURE(file);
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    ScriptReport report;
    Status s = RunConversationScript(testing::ShippedKnowledge(), "测试机构", file, text.str(), &report);
    REQUIRE_MESSAGE(s.ok(), s.ToString());
    CHECK(report.checks >= 3);  // a transcript that checks nothing tests nothing
    for (const auto& failure : report.failures) {
      FAIL_CHECK(failure.file << ":" << failure.line << ": " << failure.message);
    }
  }
}

TEST_CASE("conversations: a failed check is reported with its line, and a bad line is an error") {
  const std::string script = "> 你好\n= consent.notice\n< 这句话不存在\n= intake.field\n";
  ScriptReport report;
  REQUIRE(RunConversationScript(testing::ShippedKnowledge(), "测试机构", "t.chat", script, &report).ok());
  CHECK(report.checks == 3);
  REQUIRE(report.failures.size() == 2);
  CHECK(report.failures[0].line == 3);
  CHECK(report.failures[0].message.rfind("expected a reply containing \"这句话不存在\"; the bot said:", 0) == 0);
  CHECK(report.failures[1].line == 4);
  CHECK(report.failures[1].message == "expected state intake.field, the state is consent.notice");

  ScriptReport bad;
  Status s = RunConversationScript(testing::ShippedKnowledge(), "测试机构", "t.chat", "> 你好\nhello\n", &bad);
  CHECK(s.code() == Status::Code::kInvalidArgument);
  CHECK(s.message() == "t.chat:2: not an instruction: hello");
}

}  // namespace
}  // namespace careerbot::bot
