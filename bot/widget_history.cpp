#include "bot/widget_history.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "adapters/json_api.h"
#include "adapters/widget_api.h"
#include "dialog/session_context.h"
#include "storage/store.h"

namespace careerbot::bot {
namespace {

struct Turn {
  std::string message_id;
  std::optional<std::string> inbound;  // the journal's text of the visitor's message
  std::vector<std::string> outbound;
  size_t outbound_rows = 0;  // the replies journaled with the turn, erased ones too
};

// The journal as turns: an inbound row opens one, the replies carrying its id follow.
// The widget gives every message of the visitor an id; an inbound row without one
// is a staff member's (or the service's) action, which the visitor did not write.
std::vector<Turn> GroupTurns(const std::vector<storage::JournalEntry>& journal) {
  std::vector<Turn> turns;
  for (const storage::JournalEntry& e : journal) {
    if (e.direction == storage::JournalEntry::Direction::kInbound) {
      const bool visitor_wrote = !e.message_id.empty() && !e.staff_id;
      turns.push_back({e.message_id, visitor_wrote ? e.text : std::nullopt, {}, 0});
      continue;
    }
    if (turns.empty() || turns.back().message_id != e.message_id) turns.push_back({e.message_id, std::nullopt, {}, 0});
    ++turns.back().outbound_rows;
    if (e.text) turns.back().outbound.push_back(*e.text);
  }
  return turns;
}

// What the visitor's message reads as: the journal keeps "[choice] ID" for a pressed
// button and "[resume]" for opening the chat (shown as nothing).
std::optional<std::string> VisitorText(const std::optional<std::string>& journal_text,
                                       const std::optional<dialog::TurnAnswer>& previous) {
  if (!journal_text || journal_text->empty() || *journal_text == "[resume]") return std::nullopt;
  constexpr std::string_view kChoice = "[choice] ";
  if (journal_text->rfind(kChoice, 0) != 0) return journal_text;
  const std::string id = journal_text->substr(kChoice.size());
  if (previous) {
    for (const dialog::Reply& reply : previous->replies) {
      for (const dialog::Choice& choice : reply.choices) {
        if (choice.id == id) return choice.label;
      }
    }
  }
  return id;
}

}  // namespace

Status LoadWidgetHistory(storage::Store& store, const storage::ClientKey& key, size_t max_turns,
                         adapters::WidgetHistory* out) {
  adapters::WidgetHistory history;
  std::optional<int64_t> client_id;
  if (Status s = store.FindClientId(key, &client_id); !s.ok()) return s;
  if (!client_id) {
    *out = std::move(history);
    return Status::Ok();
  }
  std::vector<storage::JournalEntry> journal;
  if (Status s = store.ListJournal(*client_id, &journal); !s.ok()) return s;
  std::vector<Turn> turns = GroupTurns(journal);

  // The turn before the first one shown is read too: its buttons name the first
  // shown turn's pressed button.
  const size_t first = turns.size() > max_turns ? turns.size() - max_turns : 0;
  history.truncated = first > 0;
  std::optional<dialog::TurnAnswer> previous;
  for (size_t i = first > 0 ? first - 1 : 0; i < turns.size(); ++i) {
    const Turn& turn = turns[i];
    std::optional<dialog::TurnAnswer> answer;
    if (!turn.message_id.empty()) {
      std::optional<std::string> stored;
      if (Status s = store.FindAnswer(key, turn.message_id, &stored); !s.ok()) return s;
      dialog::TurnAnswer parsed;
      if (stored && adapters::ParseApiAnswer(*stored, &parsed).ok()) answer = std::move(parsed);
    }
    if (i >= first) {
      if (auto text = VisitorText(turn.inbound, previous)) {
        adapters::WidgetHistoryEntry entry;
        entry.from_visitor = true;
        entry.reply.text = std::move(*text);
        history.messages.push_back(std::move(entry));
      }
      if (answer) {
        // An answer begins with the replies staff said earlier and the channel held
        // (dialog::TurnResult::held_delivered); they were journaled, and are shown,
        // with the staff turn that said them. The turn's own replies are its last.
        const size_t own = std::min(turn.outbound_rows, answer->replies.size());
        for (size_t r = answer->replies.size() - own; r < answer->replies.size(); ++r) {
          history.messages.push_back({false, answer->replies[r]});
        }
      } else {
        for (const std::string& text : turn.outbound) history.messages.push_back({false, {text, {}, {}}});
      }
    }
    previous = std::move(answer);
  }
  history.last = std::move(previous);

  std::optional<storage::StoredSession> session;
  if (Status s = store.LoadSession(key, &session); !s.ok()) return s;
  if (session) {
    dialog::SessionContext ctx;
    if (dialog::ParseSessionContext(session->snapshot.context_json, &ctx).ok()) {
      history.lang = knowledge::LangCode(ctx.lang);
    }
  }
  *out = std::move(history);
  return Status::Ok();
}

}  // namespace careerbot::bot
