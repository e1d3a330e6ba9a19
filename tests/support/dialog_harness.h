// DialogHarness: one client's conversation with the real DialogEngine and the
// shipped knowledge, in memory. It keeps the snapshot between turns exactly as the
// store would, so every turn restores the machine like the server does.
#pragma once

#include <doctest/doctest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <variant>

#include "dialog/client_records.h"
#include "dialog/dialog_engine.h"
#include "tests/support/knowledge_fixture.h"

namespace careerbot::testing {

// The client's records as the events of the conversation so far would have stored
// them: what the dialog reads for "my data" and "complaint status".
class EventRecords : public dialog::ClientRecords {
 public:
  explicit EventRecords(const std::vector<dialog::DomainEvent>& events) : events_(events) {}
  std::vector<dialog::ComplaintInfo> Complaints() const override {
    std::vector<dialog::ComplaintInfo> out;
    for (const auto& e : events_) {
      if (auto* c = std::get_if<dialog::ComplaintFiled>(&e)) out.push_back({c->ticket, "received", 1'700'000'000'000});
    }
    return out;
  }
  dialog::ClientDataSummary Summary() const override {
    dialog::ClientDataSummary summary;
    for (const auto& e : events_) {
      if (auto* p = std::get_if<dialog::ProfileFieldSet>(&e)) summary.profile.emplace_back(p->field, p->value);
      if (auto* c = std::get_if<dialog::ConsentGiven>(&e)) summary.consents.push_back({c->document, c->version, c->accepted, 1'700'000'000'000});
      summary.answers += std::holds_alternative<dialog::AnswerRecorded>(e);
      summary.results += std::holds_alternative<dialog::AssessmentCompleted>(e);
      summary.plans += std::holds_alternative<dialog::PlanProposed>(e);
      summary.feedback += std::holds_alternative<dialog::FeedbackGiven>(e);
      summary.complaints += std::holds_alternative<dialog::ComplaintFiled>(e);
    }
    return summary;
  }
  // A link of the shape the server issues; the harness keeps nothing.
  std::optional<dialog::ExportLinkInfo> IssueExportLink() const override {
    return dialog::ExportLinkInfo{"https://careers.test/x/" + std::string(43, 'A'), 24};
  }

 private:
  const std::vector<dialog::DomainEvent>& events_;
};

class DialogHarness {
 public:
  // `configure` may change the engine's options (its institution is 测试机构).
  explicit DialogHarness(std::string lang = "zh",
                         const std::function<void(dialog::EngineOptions*)>& configure = {})
      : lang_(std::move(lang)) {
    dialog::EngineOptions options;
    options.institution_name = "测试机构";
    if (configure) configure(&options);
    Status s = dialog::DialogEngine::Create(ShippedKnowledge(), options, &engine_);
    REQUIRE_MESSAGE(s.ok(), s.ToString());
  }

  const dialog::TurnResult& Send(const std::string& text) { return Run(text, std::nullopt); }
  const dialog::TurnResult& Tap(const std::string& choice) { return Run("", choice); }
  const dialog::TurnResult& Resume() {
    signal_next_ = dialog::Inbound::Signal::kResume;
    return Run("", std::nullopt);
  }
  // Something the channel cannot read as text (an image, a sticker).
  const dialog::TurnResult& SendUnreadable() {
    signal_next_ = dialog::Inbound::Signal::kUnreadable;
    return Run("", std::nullopt);
  }

  // What a staff member did, as the server runs it (DialogEngine::ProcessStaffAction);
  // hold: the client's channel cannot be written to now. The turn's snapshot is
  // kept only when it succeeds.
  Status Staff(const dialog::StaffAction& action, bool hold = false) {
    dialog::TurnResult result;
    EventRecords records(events_);
    dialog::TurnInput input{state_, context_, last_activity_ms_, &records};
    Status s = engine_->ProcessStaffAction(input, action, ++clock_ms_, hold, &result);
    if (!s.ok()) return s;
    state_ = result.state;
    context_ = result.context_json;
    events_.insert(events_.end(), result.events.begin(), result.events.end());
    last_ = std::move(result);
    return s;
  }

  // The client's channel fetches what was held, without a message
  // (DialogEngine::TakeHeldReplies); the snapshot is kept like a turn's.
  const dialog::TurnResult& TakeHeld() {
    dialog::TurnResult result;
    dialog::TurnInput input{state_, context_, last_activity_ms_, nullptr};
    Status s = engine_->TakeHeldReplies(input, ++clock_ms_, &result);
    REQUIRE_MESSAGE(s.ok(), s.ToString());
    state_ = result.state;
    context_ = result.context_json;
    last_ = std::move(result);
    return last_;
  }

  const dialog::TurnResult& last() const { return last_; }
  const std::string& state() const { return state_; }
  const std::string& context_json() const { return context_; }
  // Every domain event of every turn so far, in order.
  const std::vector<dialog::DomainEvent>& events() const { return events_; }

  // The client is away for `ms` before the next message.
  void Wait(int64_t ms) { clock_ms_ += ms; }

  // Opens the conversation and agrees to the privacy notice.
  void Consent() {
    Send("你好");
    Send("同意");
  }
  // Consent plus the needs survey of a student: 小明, 28, bachelor in 计算机, in
  // 北京, reading and sports, values 5 1 3, job seeking, supportive family, aiming
  // at IT in 上海. Ends at the service agreement.
  void CompleteSurvey() {
    Consent();
    for (const char* answer : {"小明", "跳过", "28", "本科", "计算机", "在校学生", "北京", "1 2", "跳过", "5 1 3",
                               "求职", "1", "跳过", "上海", "1"}) {
      Send(answer);
    }
  }
  // The survey, the agreement, and a plan of the interest assessment alone: ends at
  // item 1 of the 48.
  void CompleteIntake() {
    CompleteSurvey();
    Send("同意");
    Send("调整测评");
    Send("1");
  }

 private:
  const dialog::TurnResult& Run(const std::string& text, std::optional<std::string> choice) {
    dialog::Inbound in;
    in.channel = "test";
    in.user = "u1";
    in.text = text;
    in.choice = std::move(choice);
    in.lang = lang_;
    in.signal = signal_next_;
    signal_next_ = dialog::Inbound::Signal::kNone;
    in.received_at_ms = ++clock_ms_;
    dialog::TurnResult result;
    EventRecords records(events_);
    dialog::TurnInput input{state_, context_, last_activity_ms_, &records};
    last_activity_ms_ = in.received_at_ms;
    Status s = engine_->Process(input, in, &result);
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
  int64_t last_activity_ms_ = 0;
  dialog::Inbound::Signal signal_next_ = dialog::Inbound::Signal::kNone;
};

}  // namespace careerbot::testing
