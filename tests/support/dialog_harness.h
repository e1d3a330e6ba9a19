// DialogHarness: one client's conversation with the real DialogEngine and the
// shipped knowledge, in memory. It keeps the snapshot between turns exactly as the
// store would, so every turn restores the machine like the server does.
#pragma once

#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "dialog/dialog_engine.h"
#include "tests/support/knowledge_fixture.h"

namespace careerbot::testing {

class DialogHarness {
 public:
  explicit DialogHarness(std::string lang = "zh") : lang_(std::move(lang)) {
    dialog::EngineOptions options;
    options.institution_name = "测试机构";
    Status s = dialog::DialogEngine::Create(ShippedKnowledge(), options, &engine_);
    REQUIRE_MESSAGE(s.ok(), s.ToString());
  }

  const dialog::TurnResult& Send(const std::string& text) { return Run(text, std::nullopt); }
  const dialog::TurnResult& Tap(const std::string& choice) { return Run("", choice); }
  const dialog::TurnResult& Resume() {
    resume_next_ = true;
    return Run("", std::nullopt);
  }

  const dialog::TurnResult& last() const { return last_; }
  const std::string& state() const { return state_; }
  const std::string& context_json() const { return context_; }
  // Every domain event of every turn so far, in order.
  const std::vector<dialog::DomainEvent>& events() const { return events_; }

  // Opens the conversation and agrees to the privacy notice.
  void Consent() {
    Send("你好");
    Send("同意");
  }
  // Consent plus the whole intake (name 小明, age 28, bachelor, job seeking).
  void CompleteIntake() {
    Consent();
    Send("小明");
    Send("28");
    Send("本科");
    Send("求职");
  }

 private:
  const dialog::TurnResult& Run(const std::string& text, std::optional<std::string> choice) {
    dialog::Inbound in;
    in.channel = "test";
    in.user = "u1";
    in.text = text;
    in.choice = std::move(choice);
    in.lang = lang_;
    in.resume = resume_next_;
    resume_next_ = false;
    in.received_at_ms = ++clock_ms_;
    dialog::TurnResult result;
    Status s = engine_->Process(state_, context_, in, &result);
    REQUIRE_MESSAGE(s.ok(), s.ToString());
    state_ = result.state;
    context_ = result.context_json;
    events_.insert(events_.end(), result.events.begin(), result.events.end());
    last_ = std::move(result);
    return last_;
  }

  std::unique_ptr<dialog::DialogEngine> engine_;
  std::string lang_;
  std::string state_, context_;
  std::vector<dialog::DomainEvent> events_;
  dialog::TurnResult last_;
  int64_t clock_ms_ = 1'700'000'000'000;
  bool resume_next_ = false;
};

}  // namespace careerbot::testing
