// What counsellors do in a client's conversation through the admin API (S-4.4,
// S-5.3, S-5.6): take a hand-off, write to the client and read what they write,
// end the hand-off; change and approve the service plan; close the case. Each
// runs as a staff turn (ConversationService::RunStaffTurn): checked against the
// records under the client's lock, told to the client in their channel, and
// committed with its records in one transaction; each is audited.
#include <algorithm>

#include "bot/admin_http.h"
#include "bot/channel_push.h"
#include "bot/complaint_workflow.h"
#include "bot/log.h"
#include "bot/conversation_service.h"
#include "dialog/dialog_engine.h"
#include "knowledge/knowledge_base.h"
#include "storage/store.h"

namespace careerbot::bot::admin {
namespace {

using nlohmann::json;

constexpr size_t kMaxMessageChars = 2000;

json HandoffJson(const storage::HandoffRecord& h) {
  auto opt = [](const std::optional<int64_t>& v) { return v ? json(*v) : json(nullptr); };
  return {{"id", h.id},
          {"client_id", h.client_id},
          {"reason", h.reason},
          {"urgent", h.urgent},
          {"status", h.status},
          {"requested_at_ms", h.requested_at_ms},
          {"taken_by", opt(h.taken_by)},
          {"taken_at_ms", opt(h.taken_at_ms)},
          {"ended_at_ms", opt(h.ended_at_ms)}};
}

json RepliesJson(const dialog::TurnAnswer& answer) {
  json texts = json::array();
  for (const auto& reply : answer.replies) texts.push_back(reply.text);
  return texts;
}

// The answer of every action: what the client was told, and how it reaches them.
json ToldJson(const ConversationService::StaffOutcome& outcome) {
  return {{"told", RepliesJson(outcome.answer)},
          {"delivery", outcome.pushed ? "queued" : "with_next_reply"},
          {"state", outcome.answer.state}};
}

}  // namespace

// Runs a staff turn now and wakes the outbox worker when it queued something.
Status RunAndWake(const RouteContext& context, ConversationService::StaffTurn turn,
                  ConversationService::StaffOutcome* outcome) {
  turn.at_ms = context.now_ms();
  const ChannelPush push(context.channels, [&context] { return context.now_ms(); });
  Status s = context.conversations.RunStaffTurn(std::move(turn), &push, outcome);
  if (s.ok() && outcome->pushed && context.wake_outbox) context.wake_outbox();
  return s;
}

namespace {

// The hand-off of the path's id, or NotFound.
Status LoadHandoff(const RouteContext& context, const httplib::Request& req, storage::HandoffRecord* out) {
  int64_t id = 0;
  std::optional<storage::HandoffRecord> found;
  if (!ParseId(req.matches[1], &id)) return Status::NotFound("no such hand-off");
  if (Status s = context.store.FindHandoff(id, &found); !s.ok()) return s;
  if (!found) return Status::NotFound("no such hand-off");
  *out = *found;
  return Status::Ok();
}

// Re-reads the hand-off under the client's lock: it must still be `status`, and
// when taken, by the caller.
Status ExpectHandoff(storage::Store& store, int64_t id, const std::string& status, const Caller& caller) {
  std::optional<storage::HandoffRecord> now;
  if (Status s = store.FindHandoff(id, &now); !s.ok()) return s;
  if (!now || now->status != status) {
    return Status::FailedPrecondition("the hand-off is " + (now ? now->status : std::string("gone")) +
                                      ", not " + status);
  }
  if (status == "taken" && now->taken_by != caller.staff.id) {
    return Status::FailedPrecondition("the hand-off was taken by staff " + std::to_string(now->taken_by.value_or(0)));
  }
  return Status::Ok();
}

Status ExpectOpenCase(storage::Store& store, int64_t client_id) {
  std::optional<storage::CaseClosure> closure;
  if (Status s = store.FindCaseClosure(client_id, &closure); !s.ok()) return s;
  if (closure) return Status::FailedPrecondition("the case is closed");
  return Status::Ok();
}

// A hand-off's one path from one status to the next (open → taken → ended): the
// staff turn that tells the client, with the move in its transaction (checked
// again under the client's lock), the audit entry, and the answer with the
// hand-off as it now is.
struct HandoffMove {
  std::string from, to;
  dialog::StaffAction action;
  std::string audit_action;  // also what the journal keeps of it
};

void MoveHandoff(const RouteContext& context, const Caller& caller, const httplib::Request& req,
                 httplib::Response& res, const HandoffMove& move) {
  storage::HandoffRecord h;
  Status s = LoadHandoff(context, req, &h);
  ConversationService::StaffTurn turn;
  turn.client_id = h.client_id;
  turn.staff_id = caller.staff.id;
  turn.action = move.action;
  turn.journal_text = "[staff] " + move.audit_action;
  turn.handoff_updates.push_back({h.id, move.from, move.to, caller.staff.id});
  turn.prepare = [&](ConversationService::StaffTurn*) {
    return ExpectHandoff(context.store, h.id, move.from, caller);
  };
  ConversationService::StaffOutcome outcome;
  if (s.ok()) s = RunAndWake(context, std::move(turn), &outcome);
  if (s.ok()) s = Audit(context, caller, move.audit_action, "handoff:" + std::to_string(h.id), h.client_id);
  if (s.ok()) s = LoadHandoff(context, req, &h);
  if (!s.ok()) return SendError(res, s);
  json body = ToldJson(outcome);
  body["handoff"] = HandoffJson(h);
  SendJson(res, body);
}

void TakeHandoff(const RouteContext& context, const Caller& caller, const httplib::Request& req,
                 httplib::Response& res) {
  MoveHandoff(context, caller, req, res,
              {"open", "taken", dialog::CounsellorJoined{caller.staff.name}, "handoff.take"});
}

void WriteToClient(const RouteContext& context, const Caller& caller, const httplib::Request& req,
                   httplib::Response& res) {
  storage::HandoffRecord h;
  Status s = LoadHandoff(context, req, &h);
  json body;
  std::string text;
  if (s.ok()) s = ParseBody(req, &body);
  if (s.ok()) s = StringField(body, "text", &text);
  if (s.ok() && (text.empty() || text.size() > kMaxMessageChars * 4)) {
    s = Status::InvalidArgument("text: must be 1 to 2000 characters");
  }
  ConversationService::StaffTurn turn;
  turn.client_id = h.client_id;
  turn.staff_id = caller.staff.id;
  turn.action = dialog::CounsellorMessage{caller.staff.name, text};
  turn.journal_text = text;
  turn.prepare = [&](ConversationService::StaffTurn*) { return ExpectHandoff(context.store, h.id, "taken", caller); };
  ConversationService::StaffOutcome outcome;
  if (s.ok()) s = RunAndWake(context, std::move(turn), &outcome);
  if (s.ok()) s = Audit(context, caller, "handoff.write", "handoff:" + std::to_string(h.id), h.client_id);
  if (!s.ok()) return SendError(res, s);
  SendJson(res, ToldJson(outcome));
}

void EndHandoff(const RouteContext& context, const Caller& caller, const httplib::Request& req,
                httplib::Response& res) {
  MoveHandoff(context, caller, req, res, {"taken", "ended", dialog::CounsellorLeft{}, "handoff.end"});
}

// The client's side of the conversation since the hand-off was requested, from
// the journal: what they wrote and what they were told. `after` is the index of
// the last entry seen (0 for all), so a counsellor's screen can poll for more.
void ReadHandoffMessages(const RouteContext& context, const Caller& caller, const httplib::Request& req,
                         httplib::Response& res) {
  storage::HandoffRecord h;
  Status s = LoadHandoff(context, req, &h);
  int64_t after = 0;
  if (s.ok() && req.has_param("after") && !(req.get_param_value("after") == "0" || ParseId(req.get_param_value("after"), &after))) {
    s = Status::InvalidArgument("after: must be the index of the last message seen (0 for all)");
  }
  std::vector<storage::JournalEntry> journal;
  if (s.ok()) s = context.store.ListJournal(h.client_id, &journal);
  if (s.ok()) s = Audit(context, caller, "handoff.messages.read", "handoff:" + std::to_string(h.id), h.client_id);
  if (!s.ok()) return SendError(res, s);
  json messages = json::array();
  int64_t index = 0;
  for (const auto& e : journal) {
    ++index;
    if (index <= after || e.at_ms < h.requested_at_ms || !e.text) continue;
    const bool inbound = e.direction == storage::JournalEntry::Direction::kInbound;
    messages.push_back({{"index", index},
                        {"from", e.staff_id ? "staff" : inbound ? "client" : "bot"},
                        {"text", *e.text},
                        {"at_ms", e.at_ms}});
  }
  SendJson(res, {{"handoff", HandoffJson(h)}, {"messages", messages}, {"last", index}});
}

// Reads and checks the path's client id.
Status LoadClientId(const RouteContext& context, const httplib::Request& req, int64_t* id) {
  std::optional<storage::ClientKey> key;
  if (!ParseId(req.matches[1], id)) return Status::NotFound("no such case");
  if (Status s = context.store.FindClientKey(*id, &key); !s.ok()) return s;
  if (!key) return Status::NotFound("no such case");
  return Status::Ok();
}

void ApprovePlan(const RouteContext& context, const Caller& caller, const httplib::Request& req,
                 httplib::Response& res) {
  int64_t client_id = 0;
  Status s = LoadClientId(context, req, &client_id);
  json body;
  std::vector<std::string> assessments;
  if (s.ok()) s = ParseBody(req, &body);
  const knowledge::KnowledgeBase& kb = context.conversations.engine().knowledge();
  if (s.ok()) {
    const json& list = body.contains("assessments") ? body["assessments"] : json();
    if (!list.is_array() || list.empty() || list.size() > 20) {
      s = Status::InvalidArgument("assessments: must be a list of 1 to 20 instrument ids");
    }
    for (size_t i = 0; s.ok() && i < list.size(); ++i) {
      if (!list[i].is_string() || kb.FindInstrument(list[i].get<std::string>()) == nullptr) {
        s = Status::InvalidArgument("assessments[" + std::to_string(i) + "]: not an instrument of this service");
      } else if (std::find(assessments.begin(), assessments.end(), list[i].get<std::string>()) != assessments.end()) {
        s = Status::InvalidArgument("assessments[" + std::to_string(i) + "]: named twice");
      } else {
        assessments.push_back(list[i].get<std::string>());
      }
    }
  }
  std::string note;
  if (s.ok() && body.contains("note")) {
    s = StringField(body, "note", &note);
    if (s.ok() && note.size() > 4000) s = Status::InvalidArgument("note: at most 1000 characters");
  }
  ConversationService::StaffTurn turn;
  turn.client_id = client_id;
  turn.staff_id = caller.staff.id;
  turn.journal_text = "[staff] plan.approve";
  int version = 0;
  // Under the client's lock: the next version after every one the client has.
  turn.prepare = [&](ConversationService::StaffTurn* t) {
    if (Status c = ExpectOpenCase(context.store, client_id); !c.ok()) return c;
    std::vector<storage::ServicePlanRecord> plans;
    if (Status c = context.store.ListPlans(client_id, &plans); !c.ok()) return c;
    for (const auto& p : plans) version = std::max(version, p.version);
    ++version;
    json rationale = json::object();
    if (!note.empty()) rationale["counsellor_note"] = note;
    t->plans.push_back({version, json(assessments).dump(), rationale.dump(), "confirmed", "counsellor", t->at_ms});
    t->action = dialog::PlanApproved{version, assessments};
    return Status::Ok();
  };
  ConversationService::StaffOutcome outcome;
  if (s.ok()) s = RunAndWake(context, std::move(turn), &outcome);
  if (s.ok()) s = Audit(context, caller, "plan.approve", "plan:" + std::to_string(version), client_id);
  if (!s.ok()) return SendError(res, s);
  json answer = ToldJson(outcome);
  answer["plan"] = {{"version", version}, {"assessments", assessments}, {"status", "confirmed"}, {"source", "counsellor"}};
  SendJson(res, answer);
}

void CloseCase(const RouteContext& context, const Caller& caller, const httplib::Request& req,
               httplib::Response& res) {
  int64_t client_id = 0;
  Status s = LoadClientId(context, req, &client_id);
  ConversationService::StaffTurn turn;
  turn.client_id = client_id;
  turn.staff_id = caller.staff.id;
  turn.action = dialog::CaseClosed{};
  turn.journal_text = "[staff] case.close";
  turn.prepare = [&](ConversationService::StaffTurn* t) {
    t->close_case = storage::CaseClosure{caller.staff.id, t->at_ms};
    return ExpectOpenCase(context.store, client_id);
  };
  ConversationService::StaffOutcome outcome;
  if (s.ok()) s = RunAndWake(context, std::move(turn), &outcome);
  if (s.ok()) s = Audit(context, caller, "case.close", "case", client_id);
  if (!s.ok()) return SendError(res, s);
  SendJson(res, ToldJson(outcome));
}

// The client asked the institution to delete their personal data (PIPL art. 47):
// the same erasure as their own "delete my data" in the chat, told to them, and
// audited with who did it.
void EraseClientData(const RouteContext& context, const Caller& caller, const httplib::Request& req,
                     httplib::Response& res) {
  int64_t client_id = 0;
  Status s = LoadClientId(context, req, &client_id);
  ConversationService::StaffTurn turn;
  turn.client_id = client_id;
  turn.staff_id = caller.staff.id;
  turn.action = dialog::PersonalDataErased{};
  turn.journal_text = "[staff] client.erase";
  ConversationService::StaffOutcome outcome;
  if (s.ok()) s = RunAndWake(context, std::move(turn), &outcome);
  if (s.ok()) s = Audit(context, caller, "client.erase", "client", client_id);
  if (!s.ok()) return SendError(res, s);
  SendJson(res, ToldJson(outcome));
}

}  // namespace
}  // namespace careerbot::bot::admin

namespace careerbot::bot {

ComplaintAnsweredHook ComplaintAnswerDelivery(const RouteContext& context) {
  return [&context](const ComplaintAnswered& answered) {
    const ClientMessage message = ComplaintAnswerMessage(answered);
    ConversationService::StaffTurn turn;
    turn.client_id = answered.client_id;
    turn.staff_id = answered.staff_id;
    turn.action = dialog::Notice{message.text_key, message.params, std::nullopt, ""};
    turn.journal_text = "[staff] complaint.answer " + answered.ticket;
    ConversationService::StaffOutcome outcome;
    if (Status s = admin::RunAndWake(context, std::move(turn), &outcome); !s.ok()) {
      LogError("complaint_answer_not_delivered", {{"ticket", answered.ticket}, {"error", s.ToString()}});
    }
  };
}

Status TellReportReady(const RouteContext& context, int64_t client_id, int64_t staff_id, int version,
                       const std::string& url, bool* pushed) {
  ConversationService::StaffTurn turn;
  turn.client_id = client_id;
  turn.staff_id = staff_id;
  turn.action = dialog::Notice{"report.ready", {{"version", std::to_string(version)}}, url, "report.link_title"};
  // The journal keeps the message, not the link: the link is a credential.
  turn.journal_text = "[staff] report.link " + std::to_string(version);
  ConversationService::StaffOutcome outcome;
  Status s = admin::RunAndWake(context, std::move(turn), &outcome);
  if (s.ok() && pushed != nullptr) *pushed = outcome.pushed;
  return s;
}

}  // namespace careerbot::bot

namespace careerbot::bot::admin {

void InstallCounselRoutes(httplib::Server& server, const RouteContext& context) {
  const std::string p = "/admin/api/v1";
  const RouteContext& c = context;
  auto route = [&c](void (*fn)(const RouteContext&, const Caller&, const httplib::Request&, httplib::Response&)) {
    return [&c, fn](const Caller& who, const httplib::Request& req, httplib::Response& res) { fn(c, who, req, res); };
  };
  server.Post(p + R"(/handoffs/(\d+)/take)", Guard(c, Permission::kCounsel, route(TakeHandoff)));
  server.Post(p + R"(/handoffs/(\d+)/messages)", Guard(c, Permission::kCounsel, route(WriteToClient)));
  server.Get(p + R"(/handoffs/(\d+)/messages)", Guard(c, Permission::kCounsel, route(ReadHandoffMessages)));
  server.Post(p + R"(/handoffs/(\d+)/end)", Guard(c, Permission::kCounsel, route(EndHandoff)));
  server.Post(p + R"(/cases/(\d+)/plan)", Guard(c, Permission::kApprovePlans, route(ApprovePlan)));
  server.Post(p + R"(/cases/(\d+)/close)", Guard(c, Permission::kCloseCases, route(CloseCase)));
  server.Post(p + R"(/clients/(\d+)/erase)", Guard(c, Permission::kEraseClients, route(EraseClientData)));
}

}  // namespace careerbot::bot::admin
