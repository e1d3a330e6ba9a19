#include "bot/conversation_script.h"

#include <functional>
#include <map>
#include <sstream>

#include "bot/client_record_set.h"
#include "bot/conversation_service.h"
#include "dialog/dialog_engine.h"
#include "knowledge/knowledge_base.h"
#include "storage/memory_store.h"
#include "storage/store.h"

namespace careerbot::bot {
namespace {

std::string Trim(const std::string& s) {
  const size_t begin = s.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return "";
  return s.substr(begin, s.find_last_not_of(" \t\r") - begin + 1);
}

// A reply as the checks read it: its text, then its choices' labels in brackets.
std::string Searchable(const dialog::Reply& reply) {
  std::string out = reply.text;
  for (const auto& choice : reply.choices) out += " [" + choice.label + "]";
  if (reply.link) out += " <" + reply.link->title + " " + reply.link->url + ">";
  return out;
}

std::string Quote(const dialog::TurnAnswer& answer) {
  std::string out;
  for (const auto& reply : answer.replies) out += "\n    | " + Searchable(reply);
  return out.empty() ? " (no replies)" : out;
}

// "5s", "30m", "25h", "2d" in milliseconds; -1 when malformed.
int64_t ParseDuration(const std::string& text) {
  if (text.size() < 2) return -1;
  const char unit = text.back();
  const std::string number = text.substr(0, text.size() - 1);
  if (number.find_first_not_of("0123456789") != std::string::npos || number.size() > 6) return -1;
  const int64_t n = std::stoll(number);
  switch (unit) {
    case 's': return n * 1000;
    case 'm': return n * 60'000;
    case 'h': return n * 3'600'000;
    case 'd': return n * 86'400'000;
  }
  return -1;
}

// The number of records of `kind` the store holds for the client; "messages"
// counts journal entries whose text is kept.
Status CountRecords(storage::Store& store, const storage::ClientKey& key, const std::string& kind, int* count) {
  using Counter = std::function<size_t(const ClientRecordSet&)>;
  static const std::map<std::string, Counter> counters = {
      {"profile", [](const ClientRecordSet& r) { return r.profile.size(); }},
      {"consents", [](const ClientRecordSet& r) { return r.consents.size(); }},
      {"answers", [](const ClientRecordSet& r) { return r.answers.size(); }},
      {"results", [](const ClientRecordSet& r) { return r.results.size(); }},
      {"plans", [](const ClientRecordSet& r) { return r.plans.size(); }},
      {"surveys", [](const ClientRecordSet& r) { return r.surveys.size(); }},
      {"feedback", [](const ClientRecordSet& r) { return r.feedback.size(); }},
      {"complaints", [](const ClientRecordSet& r) { return r.complaints.size(); }},
      {"handoffs", [](const ClientRecordSet& r) { return r.handoffs.size(); }},
      {"messages",
       [](const ClientRecordSet& r) {
         size_t kept = 0;
         for (const auto& e : r.journal) kept += e.text.has_value();
         return kept;
       }},
  };
  auto counter = counters.find(kind);
  if (counter == counters.end()) return Status::InvalidArgument("unknown record kind \"" + kind + "\"");
  std::optional<int64_t> id;
  if (Status s = store.FindClientId(key, &id); !s.ok()) return s;
  *count = 0;
  if (!id) return Status::Ok();
  ClientRecordSet records;
  if (Status s = LoadClientRecords(store, *id, &records); !s.ok()) return s;
  *count = static_cast<int>(counter->second(records));
  return Status::Ok();
}

}  // namespace

Status RunConversationScript(const knowledge::KnowledgeBase& kb, const std::string& institution,
                             const std::string& file, const std::string& text, ScriptReport* report) {
  dialog::EngineOptions options;
  options.institution_name = institution;
  std::unique_ptr<dialog::DialogEngine> engine;
  if (Status s = dialog::DialogEngine::Create(kb, options, &engine); !s.ok()) return s;
  std::unique_ptr<storage::Store> store = storage::NewMemoryStore();
  ConversationService service(*store, *engine);
  // Links point at the default listen address, as a server without reports.public_base_url does.
  service.SetExportLinks(ExportLinkSettings{});

  dialog::Inbound inbound;
  inbound.channel = "script";
  inbound.user = file;
  inbound.received_at_ms = 1'790'000'000'000;  // a fixed clock: transcripts are deterministic
  int message_number = 0;
  int64_t pace_ms = 1000;  // how long the client takes for each message
  dialog::TurnAnswer last;
  bool sent = false;
  ++report->scripts;

  auto fail = [&](int line, const std::string& message) {
    report->failures.push_back({file, line, message});
  };
  auto send = [&](int line, const std::string& typed, std::optional<std::string> choice) {
    inbound.text = typed;
    inbound.choice = std::move(choice);
    inbound.message_id = "m" + std::to_string(++message_number);
    inbound.received_at_ms += pace_ms;
    Status s = service.HandleTurn(inbound, &last);
    if (!s.ok()) fail(line, "the turn failed: " + s.ToString());
    sent = true;
  };

  std::istringstream lines(text);
  std::string raw;
  int line = 0;
  while (std::getline(lines, raw)) {
    ++line;
    const std::string entry = Trim(raw);
    if (entry.empty() || entry[0] == '#') continue;
    const std::string where = file + ":" + std::to_string(line);
    auto arg = [&](size_t prefix) { return Trim(entry.substr(prefix)); };
    const bool is_check = entry.rfind("<", 0) == 0 || entry[0] == '=' || entry[0] == '%';
    if (is_check && !sent) return Status::InvalidArgument(where + ": a check before any message");
    if (is_check) ++report->checks;
    if (entry.rfind(">>", 0) == 0) {
      send(line, "", arg(2));
    } else if (entry[0] == '>') {
      send(line, arg(1), std::nullopt);
    } else if (entry.rfind("<!", 0) == 0) {
      for (const auto& reply : last.replies) {
        if (Searchable(reply).find(arg(2)) != std::string::npos) {
          fail(line, "expected no reply containing \"" + arg(2) + "\"; the bot said:" + Quote(last));
          break;
        }
      }
    } else if (entry[0] == '<') {
      bool found = false;
      for (const auto& reply : last.replies) found = found || Searchable(reply).find(arg(1)) != std::string::npos;
      if (!found) fail(line, "expected a reply containing \"" + arg(1) + "\"; the bot said:" + Quote(last));
    } else if (entry[0] == '=') {
      if (last.state != arg(1)) fail(line, "expected state " + arg(1) + ", the state is " + last.state);
    } else if (entry[0] == '%') {
      const std::string progress =
          last.progress ? std::to_string(last.progress->done) + "/" + std::to_string(last.progress->total) : "none";
      if (progress != arg(1)) fail(line, "expected progress " + arg(1) + ", the progress is " + progress);
    } else if (entry.rfind("@lang ", 0) == 0) {
      const std::string lang = arg(6);
      if (lang != "zh" && lang != "en") return Status::InvalidArgument(where + ": @lang takes zh or en");
      inbound.lang = lang;
    } else if (entry.rfind("@repeat ", 0) == 0) {
      std::istringstream words(arg(8));
      int times = 0;
      std::string typed;
      if (!(words >> times) || times < 1 || times > 1000) return Status::InvalidArgument(where + ": @repeat N text");
      std::getline(words, typed);
      for (int i = 0; i < times; ++i) send(line, Trim(typed), std::nullopt);
    } else if (entry.rfind("@wait ", 0) == 0) {
      const int64_t ms = ParseDuration(arg(6));
      if (ms < 0) return Status::InvalidArgument(where + ": @wait takes a duration like 30m, 25h or 2d");
      inbound.received_at_ms += ms;
    } else if (entry.rfind("@pace ", 0) == 0) {
      pace_ms = ParseDuration(arg(6));
      if (pace_ms < 0) return Status::InvalidArgument(where + ": @pace takes a duration like 5s or 2m");
    } else if (entry.rfind("@records ", 0) == 0) {
      std::istringstream words(arg(9));
      std::string kind;
      int expected = -1;
      if (!(words >> kind >> expected)) return Status::InvalidArgument(where + ": @records kind N");
      int count = 0;
      if (Status s = CountRecords(*store, {inbound.channel, "", inbound.user}, kind, &count); !s.ok()) {
        return s.Annotate(where);
      }
      ++report->checks;
      if (count != expected) {
        fail(line, "expected " + std::to_string(expected) + " " + kind + " records, the store holds " +
                       std::to_string(count));
      }
    } else {
      return Status::InvalidArgument(where + ": not an instruction: " + entry);
    }
  }
  return Status::Ok();
}

}  // namespace careerbot::bot
