#include "dialog/states/complaint.h"

#include <re2/re2.h>

#include <algorithm>

#include "dialog/answer_matching.h"
#include "dialog/client_records.h"
#include "knowledge/knowledge_base.h"
#include "knowledge/text_normalizer.h"

namespace careerbot::dialog {
namespace {

const char* const kCategories[] = {"service", "counsellor", "assessment", "privacy", "other"};

std::vector<Choice> CategoryChoices(const ServiceMachine& m) {
  std::vector<Choice> choices;
  for (const char* id : kCategories) choices.push_back({id, m.Text(std::string("complaint_category.") + id)});
  return choices;
}

// The text as typed, trimmed, when it has min..max characters.
std::optional<std::string> BoundedText(const EvInput& input, int min, int max) {
  if (input.choice) return std::nullopt;
  std::string text = input.raw;
  while (!text.empty() && (text.back() == ' ' || text.back() == '\n')) text.pop_back();
  while (!text.empty() && (text.front() == ' ' || text.front() == '\n')) text.erase(0, 1);
  const size_t chars = knowledge::CountCodePoints(text);
  if (chars < static_cast<size_t>(min) || chars > static_cast<size_t>(max)) return std::nullopt;
  return text;
}

knowledge::TextParams Bounds(int min, int max) {
  return {{"min", std::to_string(min)}, {"max", std::to_string(max)}};
}

}  // namespace

std::string ComplaintTicket(const Inbound& inbound) {
  // FNV-1a over what identifies the message; Crockford's base32 without I, L, O, U.
  uint64_t hash = 1469598103934665603ULL;
  for (const std::string& part : {inbound.channel, inbound.account, inbound.user, inbound.message_id,
                                  std::to_string(inbound.received_at_ms)}) {
    for (unsigned char c : part + '\x1f') {
      hash ^= c;
      hash *= 1099511628211ULL;
    }
  }
  static const char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  std::string ticket = "C-";
  for (int i = 0; i < 8; ++i) {
    ticket += kAlphabet[hash & 31];
    hash >>= 5;
  }
  return ticket;
}

void TellComplaintStatus(const ServiceMachine& m, const std::string& text) {
  static const RE2 kTicket("(c-[0-9a-z]{8})");
  std::string wanted;
  RE2::PartialMatch(knowledge::NormalizeText(text), kTicket, &wanted);
  std::transform(wanted.begin(), wanted.end(), wanted.begin(), [](unsigned char c) { return std::toupper(c); });
  const std::vector<ComplaintInfo> complaints = m.records() ? m.records()->Complaints() : std::vector<ComplaintInfo>();
  std::string reply;
  for (const auto& c : complaints) {
    if (!wanted.empty() && c.ticket != wanted) continue;
    const std::string status_key = "complaint_status." + c.status;
    reply += (reply.empty() ? "" : "\n") +
             m.Text("complaint.status.line",
                    {{"ticket", c.ticket},
                     {"date", ServiceMachine::FormatDate(c.filed_at_ms)},
                     {"status", m.kb().texts.Has(status_key) ? m.Text(status_key) : c.status}});
  }
  if (reply.empty()) {
    reply = wanted.empty() ? m.Text("complaint.status.none") : m.Text("complaint.status.unknown", {{"ticket", wanted}});
  }
  m.SayText(std::move(reply));
}

ComplaintCategory::ComplaintCategory(my_context ctx) : Leaf(ctx) {
  const ServiceMachine& m = machine();
  if (m.restoring()) return;
  m.Say("complaint.intro");
  Ask();
}

void ComplaintCategory::Ask() const {
  const ServiceMachine& m = machine();
  m.SayWithChoices(m.Text("complaint.category.prompt"), CategoryChoices(m));
}

sc::result ComplaintCategory::react(const EvInput& input) {
  const ServiceMachine& m = machine();
  auto id = MatchChoice(CategoryChoices(m), input);
  if (!id) {
    m.SayWithChoices(m.Text("complaint.category.reprompt"), CategoryChoices(m));
    return discard_event();
  }
  m.ctx().complaint_category = *id;
  return transit<ComplaintDescription>();
}

void ComplaintDescription::Ask() const {
  machine().Say("complaint.description.prompt", Bounds(kMinChars, kMaxChars));
}

sc::result ComplaintDescription::react(const EvInput& input) {
  const ServiceMachine& m = machine();
  auto text = BoundedText(input, kMinChars, kMaxChars);
  if (!text) {
    m.Say("complaint.description.reprompt", Bounds(kMinChars, kMaxChars));
    return discard_event();
  }
  m.ctx().complaint_description = *text;
  return transit<ComplaintContact>();
}

void ComplaintContact::Ask() const {
  const ServiceMachine& m = machine();
  m.SayWithChoices(m.Text("complaint.contact.prompt", Bounds(kMinChars, kMaxChars)),
                   {{"skip", m.Text("intake.skip_choice")}});
}

sc::result ComplaintContact::react(const EvInput& input) {
  const ServiceMachine& m = machine();
  SessionContext& ctx = m.ctx();
  std::optional<std::string> contact;
  const bool skipped = input.choice == std::optional<std::string>("skip") ||
                       (!input.choice && m.kb().intents.Is(input.normalized, "skip"));
  if (!skipped) {
    contact = BoundedText(input, kMinChars, kMaxChars);
    if (!contact) {
      m.SayWithChoices(m.Text("complaint.contact.reprompt", Bounds(kMinChars, kMaxChars)),
                       {{"skip", m.Text("intake.skip_choice")}});
      return discard_event();
    }
  }
  const std::string ticket = ComplaintTicket(m.inbound());
  m.Record(ComplaintFiled{ticket, ctx.complaint_category, ctx.complaint_description, contact});
  ctx.complaint_category.clear();
  ctx.complaint_description.clear();
  m.Say("complaint.filed", {{"ticket", ticket}});
  post_event(EvReturn());
  return discard_event();
}

}  // namespace careerbot::dialog
