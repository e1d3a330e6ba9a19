#include "knowledge/intents.h"

#include <doctest/doctest.h>

#include <string>
#include <thread>
#include <vector>

#include "knowledge/text_normalizer.h"

namespace careerbot::knowledge {
namespace {

const std::string kIntentsFile = std::string(CAREERBOT_KNOWLEDGE_DIR) + "/intents.json";

// What a caller does with what the client typed.
std::optional<std::string> Intent(const IntentMatcher& m, std::string_view typed) {
  return m.Match(TrimTrailingPunctuation(NormalizeText(typed)));
}

IntentMatcher LoadShipped() {
  IntentMatcher m;
  const Status s = IntentMatcher::LoadFile(kIntentsFile, &m);
  REQUIRE_MESSAGE(s.ok(), s.ToString());
  return m;
}

Status Load(std::string_view json, IntentMatcher* m) {
  return IntentMatcher::LoadJson(json, "test/intents.json", m);
}

TEST_CASE("IntentMatcher: the shipped file defines the intents the dialog needs") {
  const IntentMatcher m = LoadShipped();
  CHECK(m.Names() == std::vector<std::string>{"help", "restart", "pause", "back", "agreement", "human",
                                              "delete_my_data", "export_my_data", "my_data", "lang_en",
                                              "lang_zh",
                                              "complaint_status", "complaint", "feedback", "continue", "no",
                                              "yes", "skip"});
}

TEST_CASE("IntentMatcher: the commands of every state, in both languages") {
  const IntentMatcher m = LoadShipped();
  const std::vector<std::pair<const char*, const char*>> cases = {
      {"暂停", "pause"}, {"pause", "pause"}, {"上一题", "back"}, {"back", "back"},
      {"协议", "agreement"}, {"agreement", "agreement"}, {"人工", "human"}, {"转人工", "human"},
      {"talk to a counselor", "human"}, {"我的信息", "my_data"}, {"my data", "my_data"},
      {"删除我的信息", "delete_my_data"}, {"delete my data", "delete_my_data"}, {"导出我的信息", "export_my_data"},
      {"导出我的数据", "export_my_data"}, {"我要导出我的信息", "export_my_data"}, {"下载我的资料", "export_my_data"},
      {"export my data", "export_my_data"}, {"Export my information", "export_my_data"},
      {"I want to download a copy of my data", "export_my_data"}, {"/export", "export_my_data"}, {"English", "lang_en"},
      {"中文", "lang_zh"}, {"投诉", "complaint"}, {"我要投诉", "complaint"}, {"complaint", "complaint"},
      {"查询投诉 C-1234ABCD", "complaint_status"}, {"complaint status c-1234abcd", "complaint_status"},
      {"评价", "feedback"}, {"feedback", "feedback"}, {"继续", "continue"}, {"continue", "continue"}};
  for (const auto& [typed, intent] : cases) CHECK_MESSAGE(Intent(m, typed) == intent, typed);
  // Whole messages only: a sentence that mentions a command is an answer.
  for (const char* typed : {"我想了解投诉流程的细节", "the agreement looks fine to me"}) {
    CHECK_MESSAGE(Intent(m, typed) == std::nullopt, typed);
  }
}

TEST_CASE("IntentMatcher: every intent of the shipped file in Chinese") {
  const IntentMatcher m = LoadShipped();
  for (const char* typed : {"帮助", "怎么用", "菜单", "?", "？", "帮助？"}) {
    CHECK_MESSAGE(Intent(m, typed) == "help", typed);
  }
  for (const char* typed : {"重新开始", "重来", "从头开始", "重新开始！"}) {
    CHECK_MESSAGE(Intent(m, typed) == "restart", typed);
  }
  for (const char* typed : {"同意", "是", "是的", "好", "好的", "好的！", "可以", "行", "嗯",
                            "嗯嗯", "确定", "没问题", "我同意。"}) {
    CHECK_MESSAGE(Intent(m, typed) == "yes", typed);
  }
  for (const char* typed : {"不同意", "不", "否", "不要", "不行", "拒绝", "我不同意！"}) {
    CHECK_MESSAGE(Intent(m, typed) == "no", typed);
  }
  for (const char* typed : {"跳过", "没有", "无", "不用了", "算了", "跳过这题"}) {
    CHECK_MESSAGE(Intent(m, typed) == "skip", typed);
  }
}

TEST_CASE("IntentMatcher: every intent of the shipped file in English") {
  const IntentMatcher m = LoadShipped();
  for (const char* typed : {"help", "Help?", "HELP", "menu", "ＭＥＮＵ", "/help"}) {
    CHECK_MESSAGE(Intent(m, typed) == "help", typed);
  }
  for (const char* typed : {"restart", "Start over", "start  over!"}) {
    CHECK_MESSAGE(Intent(m, typed) == "restart", typed);
  }
  for (const char* typed : {"yes", "Y", "ok", "OK!", "ＯＫ", "okay", "sure", "agree", "I agree."}) {
    CHECK_MESSAGE(Intent(m, typed) == "yes", typed);
  }
  for (const char* typed :
       {"no", "N", "nope", "decline", "disagree", "No, thanks", "I don't agree", "I don’t agree"}) {
    CHECK_MESSAGE(Intent(m, typed) == "no", typed);
  }
  for (const char* typed : {"skip", "none", "No comment", "pass", "N/A"}) {
    CHECK_MESSAGE(Intent(m, typed) == "skip", typed);
  }
}

TEST_CASE("IntentMatcher: patterns match whole messages only") {
  const IntentMatcher m = LoadShipped();
  CHECK(Intent(m, "I need help choosing a job") == std::nullopt);
  CHECK(Intent(m, "我需要帮助选择职业") == std::nullopt);
  CHECK(Intent(m, "不同意") == "no");
  CHECK(Intent(m, "同意") == "yes");
  CHECK(Intent(m, "no comment") == "skip");
  CHECK(Intent(m, "nothing to say") == std::nullopt);
  CHECK(Intent(m, "yes no") == std::nullopt);
  CHECK(Intent(m, "") == std::nullopt);
  // Messages as long as a channel allows (4096 characters) go through the DFA too.
  std::string long_text, long_yes;
  for (int i = 0; i < 400; ++i) long_text += "我想了解职业规划。 ";
  for (int i = 0; i < 4096; ++i) long_yes += "嗯";
  CHECK(Intent(m, long_text) == std::nullopt);
  CHECK(Intent(m, long_yes) == "yes");
  CHECK(m.Is("不同意", "no"));
  CHECK_FALSE(m.Is("不同意", "yes"));
  CHECK_FALSE(m.Is("不同意", "unknown"));
}

TEST_CASE("IntentMatcher: the first pattern in file order wins, zh before en") {
  IntentMatcher m;
  // "zzz" comes first in the file but last alphabetically; both patterns match "不同意".
  REQUIRE(Load(R"({"intents": {
      "zzz": {"zh": ["不同意"], "en": ["nay"]},
      "aaa": {"zh": [".*同意"], "en": ["yea"]},
      "en_first": {"zh": ["x"], "en": ["ok", "不同意"]},
      "zh_later": {"zh": ["ok"], "en": ["y"]}}})",
               &m)
              .ok());
  CHECK(m.Names() == std::vector<std::string>{"zzz", "aaa", "en_first", "zh_later"});
  CHECK(m.Match("不同意") == "zzz");
  CHECK(m.Match("我同意") == "aaa");
  CHECK(m.Match("ok") == "zh_later");  // a zh match beats an earlier en pattern
  CHECK(m.Match("nay") == "zzz");
  CHECK(m.Is("不同意", "zzz"));
  CHECK_FALSE(m.Is("不同意", "aaa"));
}

TEST_CASE("IntentMatcher: an alternation is anchored as a whole") {
  IntentMatcher m;
  REQUIRE(Load(R"({"intents": {"x": {"zh": ["a|b"], "en": ["c"]}}})", &m).ok());
  CHECK(m.Match("a") == "x");
  CHECK(m.Match("b") == "x");
  CHECK(m.Match("axx") == std::nullopt);
  CHECK(m.Match("xxb") == std::nullopt);
  CHECK(m.Match("ab") == std::nullopt);
}

TEST_CASE("IntentMatcher: an empty matcher matches nothing") {
  const IntentMatcher m;
  CHECK(m.Match("help") == std::nullopt);
  CHECK_FALSE(m.Is("help", "help"));
  CHECK(m.Names().empty());
}

TEST_CASE("IntentMatcher: loading errors name the file, the intent and the pattern") {
  IntentMatcher m;
  auto error_of = [&](std::string_view json) {
    const Status s = Load(json, &m);
    CHECK(s.code() == Status::Code::kInvalidArgument);
    CHECK_MESSAGE(s.message().find("test/intents.json") != std::string::npos, s.message());
    return s.message();
  };

  SUBCASE("bad JSON") {
    CHECK(error_of(R"({"intents": {)").find("not valid JSON") != std::string::npos);
  }
  SUBCASE("not the expected shape") {
    error_of("[]");
    error_of("{}");
    error_of(R"({"intents": {}})");
    error_of(R"({"intents": []})");
    CHECK(error_of(R"({"intents": {"help": ["help"]}})").find("\"help\"") != std::string::npos);
  }
  SUBCASE("a missing language") {
    const std::string msg = error_of(R"({"intents": {"help": {"zh": ["帮助"]}}})");
    CHECK(msg.find("intent \"help\"") != std::string::npos);
    CHECK(msg.find("\"en\"") != std::string::npos);
  }
  SUBCASE("an unknown language") {
    const std::string msg =
        error_of(R"({"intents": {"help": {"zh": ["帮助"], "en": ["help"], "fr": ["aide"]}}})");
    CHECK(msg.find("intent \"help\"") != std::string::npos);
    CHECK(msg.find("\"fr\"") != std::string::npos);
  }
  SUBCASE("an empty pattern list, an empty or non-string pattern") {
    CHECK(error_of(R"({"intents": {"yes": {"zh": [], "en": ["yes"]}}})").find("intent \"yes\"") !=
          std::string::npos);
    CHECK(error_of(R"({"intents": {"yes": {"zh": [""], "en": ["yes"]}}})").find("intent \"yes\"") !=
          std::string::npos);
    CHECK(error_of(R"({"intents": {"yes": {"zh": ["是"], "en": [1]}}})").find("intent \"yes\"") !=
          std::string::npos);
  }
  SUBCASE("a pattern that does not compile") {
    const std::string msg = error_of(R"({"intents": {"help": {"zh": ["帮助"], "en": ["help"]},
                                 "skip": {"zh": ["跳过"], "en": ["skip", "("]}}})");
    CHECK(msg.find("intent \"skip\"") != std::string::npos);
    CHECK(msg.find("pattern \"(\"") != std::string::npos);
    CHECK(msg.find("(en)") != std::string::npos);
  }
  SUBCASE("an intent defined twice") {
    const std::string msg = error_of(R"({"intents": {"yes": {"zh": ["是"], "en": ["yes"]},
                                                     "yes": {"zh": ["好"], "en": ["ok"]}}})");
    CHECK(msg.find("intent \"yes\" is defined twice") != std::string::npos);
  }
  SUBCASE("a failed load leaves the matcher as it was") {
    REQUIRE(Load(R"({"intents": {"x": {"zh": ["a"], "en": ["b"]}}})", &m).ok());
    error_of(R"({"intents": {"y": {"zh": ["("], "en": ["b"]}}})");
    CHECK(m.Names() == std::vector<std::string>{"x"});
  }
}

TEST_CASE("IntentMatcher: LoadFile reports a missing file by name") {
  IntentMatcher m;
  const Status s = IntentMatcher::LoadFile("/nonexistent/intents.json", &m);
  CHECK(s.code() == Status::Code::kNotFound);
  CHECK(s.message().find("/nonexistent/intents.json") != std::string::npos);
}

TEST_CASE("IntentMatcher: Match is safe to call from many threads") {
  const IntentMatcher m = LoadShipped();
  const std::vector<std::pair<std::string, std::string>> cases = {{"不同意", "no"},
                                                                  {"同意", "yes"},
                                                                  {"help", "help"},
                                                                  {"跳过", "skip"},
                                                                  {"start over", "restart"}};
  std::vector<std::thread> threads;
  std::vector<int> wrong(4, 0);
  for (size_t t = 0; t < wrong.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) {
        const auto& [text, intent] = cases[(i + t) % cases.size()];
        if (m.Match(text) != intent) ++wrong[t];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(wrong == std::vector<int>(4, 0));
}

}  // namespace
}  // namespace careerbot::knowledge
