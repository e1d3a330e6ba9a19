// Contract tests for what staff turns write (TurnWrite::staff_id, reply_context,
// handoff_updates, close_case) and their reads (FindClientKey, FindHandoff,
// FindCaseClosure), against every Store implementation.
#include <doctest/doctest.h>

#include <map>
#include <string>

#include "storage/store.h"
#include "tests/storage/store_contract.h"

namespace careerbot::storage {
namespace {

using namespace contract;

int64_t AddCounsellor(Store& store) {
  StaffRecord staff;
  staff.name = "王老师";
  staff.role = "professional";
  staff.title = "consultant";
  staff.education = "硕士";
  int64_t id = 0;
  REQUIRE(store.AddStaff(staff, std::string(64, 'a'), 500, &id).ok());
  return id;
}

std::string Describe(const std::optional<HandoffRecord>& h) {
  if (!h) return "none";
  auto opt = [](const std::optional<int64_t>& v) { return v ? std::to_string(*v) : std::string("-"); };
  return "#" + std::to_string(h->id) + " client " + std::to_string(h->client_id) + " " + h->status + " by " +
         opt(h->taken_by) + " taken " + opt(h->taken_at_ms) + " ended " + opt(h->ended_at_ms);
}

// A turn a staff member started, as ConversationService::RunStaffTurn writes it.
TurnWrite StaffTurn(const ClientKey& key, int64_t staff_id, int64_t at_ms) {
  TurnWrite t = Turn(key, "", at_ms);
  t.staff_id = staff_id;
  t.inbound_text = "[staff] act";
  return t;
}

TEST_CASE_TEMPLATE("store contract: a hand-off is taken and ended by staff turns", F, CONTRACT_STORES) {
  F f;
  Store& store = *f.store;
  const int64_t staff = AddCounsellor(store);
  TurnWrite first = Turn(Key("u1"), "m1", 1000);
  first.handoffs = {{"client_request", false, "open", 1000}};
  const int64_t client = MustCommit(store, first);
  std::vector<HandoffRecord> list;
  REQUIRE(store.ListHandoffs(client, &list).ok());
  REQUIRE(list.size() == 1);
  const int64_t id = list[0].id;
  std::optional<HandoffRecord> h;
  REQUIRE(store.FindHandoff(id, &h).ok());
  CHECK(Describe(h) == "#" + std::to_string(id) + " client " + std::to_string(client) + " open by - taken - ended -");

  TurnWrite take = StaffTurn(Key("u1"), staff, 2000);
  take.handoff_updates = {{id, "open", "taken", staff}};
  MustCommit(store, take);
  REQUIRE(store.FindHandoff(id, &h).ok());
  CHECK(Describe(h) == "#" + std::to_string(id) + " client " + std::to_string(client) + " taken by " +
                           std::to_string(staff) + " taken 2000 ended -");

  // Taken already: a second take is refused and changes nothing.
  TurnWrite again = StaffTurn(Key("u1"), staff, 2500);
  again.handoff_updates = {{id, "open", "taken", staff}};
  const std::string journal_before = Journal(store, client);
  CHECK(store.CommitTurn(again, nullptr).code() == Status::Code::kInvalidArgument);
  CHECK(Journal(store, client) == journal_before);

  // Another client's turn cannot move this hand-off.
  TurnWrite other = StaffTurn(Key("u2"), staff, 2600);
  MustCommit(store, Turn(Key("u2"), "x", 2550));
  other.handoff_updates = {{id, "taken", "ended", staff}};
  CHECK(store.CommitTurn(other, nullptr).code() == Status::Code::kInvalidArgument);

  TurnWrite end = StaffTurn(Key("u1"), staff, 3000);
  end.handoff_updates = {{id, "taken", "ended", staff}};
  MustCommit(store, end);
  REQUIRE(store.FindHandoff(id, &h).ok());
  CHECK(Describe(h) == "#" + std::to_string(id) + " client " + std::to_string(client) + " ended by " +
                           std::to_string(staff) + " taken 2000 ended 3000");
  REQUIRE(store.FindHandoff(id + 100, &h).ok());
  CHECK(!h);

  // The staff turns' inbound rows name the staff member.
  std::vector<JournalEntry> journal;
  REQUIRE(store.ListJournal(client, &journal).ok());
  REQUIRE(journal.size() == 6);
  CHECK(!journal[0].staff_id);
  CHECK(journal[2].staff_id == staff);
  CHECK(journal[2].text == "[staff] act");
  CHECK(!journal[3].staff_id);
}

TEST_CASE_TEMPLATE("store contract: hand-offs listed by status across clients, urgent first, then the oldest",
                   F, CONTRACT_STORES) {
  F f;
  Store& store = *f.store;
  const int64_t staff = AddCounsellor(store);
  std::map<int64_t, std::string> users;  // client id → user, to read the lists by
  std::map<std::string, int64_t> clients;
  auto request = [&](const std::string& user, bool urgent, int64_t at_ms) {
    TurnWrite t = Turn(Key(user), user + "-m", at_ms);
    t.handoffs = {{urgent ? "distress" : "client_request", urgent, "open", at_ms}};
    clients[user] = MustCommit(store, t);
    users[clients[user]] = user;
  };
  request("u1", false, 1000);
  request("u2", true, 1500);
  request("u3", false, 1000);  // the same millisecond as u1's, requested after it
  request("u4", false, 500);
  request("u5", true, 1200);
  std::vector<HandoffRecord> u4;
  REQUIRE(store.ListHandoffs(clients["u4"], &u4).ok());
  REQUIRE(u4.size() == 1);
  TurnWrite take = StaffTurn(Key("u4"), staff, 2000);
  take.handoff_updates = {{u4[0].id, "open", "taken", staff}};
  MustCommit(store, take);

  auto listed = [&](const std::string& status) {
    std::vector<HandoffRecord> list;
    Status s = store.ListHandoffsByStatus(status, &list);
    REQUIRE_MESSAGE(s.ok(), s.ToString());
    std::string text;
    for (const HandoffRecord& h : list) {
      std::vector<HandoffRecord> own;
      REQUIRE(store.ListHandoffs(h.client_id, &own).ok());
      REQUIRE(own.size() == 1);
      CHECK(own[0].id == h.id);
      text += (text.empty() ? "" : ", ") + users[h.client_id] + " " + h.status + " " + h.reason + " " +
              std::to_string(h.requested_at_ms) + (h.taken_by == staff ? " by staff" : "");
    }
    return text;
  };
  CHECK(listed("open") ==
        "u5 open distress 1200, u2 open distress 1500, u1 open client_request 1000, u3 open client_request 1000");
  CHECK(listed("taken") == "u4 taken client_request 500 by staff");
  CHECK(listed("ended") == "");
  CHECK(listed("") ==
        "u5 open distress 1200, u2 open distress 1500, u4 taken client_request 500 by staff, "
        "u1 open client_request 1000, u3 open client_request 1000");
}

TEST_CASE_TEMPLATE("store contract: refused hand-off updates and closures", F, CONTRACT_STORES) {
  F f;
  Store& store = *f.store;
  const int64_t staff = AddCounsellor(store);
  MustCommit(store, Turn(Key("u1"), "m1", 1000));
  TurnWrite bad = StaffTurn(Key("u1"), staff, 2000);
  bad.handoff_updates = {{1, "taken", "open", staff}};
  CHECK(store.CommitTurn(bad, nullptr).code() == Status::Code::kInvalidArgument);
  TurnWrite client_closing = Turn(Key("u1"), "m2", 2000);
  client_closing.close_case = CaseClosure{staff, 2000};
  CHECK(store.CommitTurn(client_closing, nullptr).code() == Status::Code::kInvalidArgument);
  TurnWrite with_id = StaffTurn(Key("u1"), staff, 2000);
  with_id.message_id = "m3";
  CHECK(store.CommitTurn(with_id, nullptr).code() == Status::Code::kInvalidArgument);
}

TEST_CASE_TEMPLATE("store contract: a case is closed once", F, CONTRACT_STORES) {
  F f;
  Store& store = *f.store;
  const int64_t staff = AddCounsellor(store);
  const int64_t client = MustCommit(store, Turn(Key("u1"), "m1", 1000));
  std::optional<CaseClosure> closure;
  REQUIRE(store.FindCaseClosure(client, &closure).ok());
  CHECK(!closure);
  TurnWrite close = StaffTurn(Key("u1"), staff, 2000);
  close.close_case = CaseClosure{staff, 2000};
  MustCommit(store, close);
  REQUIRE(store.FindCaseClosure(client, &closure).ok());
  REQUIRE(closure);
  CHECK(closure->closed_by == staff);
  CHECK(closure->closed_at_ms == 2000);
  TurnWrite twice = StaffTurn(Key("u1"), staff, 3000);
  twice.close_case = CaseClosure{staff, 3000};
  CHECK(store.CommitTurn(twice, nullptr).code() == Status::Code::kInvalidArgument);
  REQUIRE(store.FindCaseClosure(client, &closure).ok());
  CHECK(closure->closed_at_ms == 2000);
}

TEST_CASE_TEMPLATE("store contract: case notes are kept in order and erased with the client's data", F,
                   CONTRACT_STORES) {
  F f;
  Store& store = *f.store;
  const int64_t staff = AddCounsellor(store);
  const int64_t client = MustCommit(store, Turn(Key("u1"), "m1", 1000));
  int64_t first = 0, second = 0;
  REQUIRE(store.AddCaseNote({0, client, staff, "已电话联系", 2000}, &first).ok());
  REQUIRE(store.AddCaseNote({0, client, staff, "约了下周面谈", 3000}, &second).ok());
  CHECK(second > first);
  CHECK(store.AddCaseNote({0, client, staff, "", 4000}, nullptr).code() == Status::Code::kInvalidArgument);
  CHECK(store.AddCaseNote({0, client, staff, std::string(4001, 'x'), 4000}, nullptr).code() ==
        Status::Code::kInvalidArgument);
  CHECK(store.AddCaseNote({0, client + 1, staff, "x", 4000}, nullptr).code() == Status::Code::kNotFound);
  CHECK(store.AddCaseNote({0, client, staff + 1, "x", 4000}, nullptr).code() == Status::Code::kNotFound);
  std::vector<CaseNote> notes;
  REQUIRE(store.ListCaseNotes(client, &notes).ok());
  REQUIRE(notes.size() == 2);
  CHECK(notes[0].id == first);
  CHECK(notes[0].text == "已电话联系");
  CHECK(notes[0].staff_id == staff);
  CHECK(notes[0].at_ms == 2000);
  CHECK(notes[1].text == "约了下周面谈");
  TurnWrite erase = Turn(Key("u1"), "m2", 5000);
  erase.erase_personal_data = true;
  MustCommit(store, erase);
  REQUIRE(store.ListCaseNotes(client, &notes).ok());
  CHECK(notes.empty());
}

TEST_CASE_TEMPLATE("store contract: the client's key and reply context", F, CONTRACT_STORES) {
  F f;
  Store& store = *f.store;
  std::optional<ClientKey> key;
  REQUIRE(store.FindClientKey(1, &key).ok());
  CHECK(!key);
  TurnWrite first = Turn(Key("oAbc", "wechat"), "m1", 1000);
  first.key.account = "main";
  first.reply_context = R"({"to":"oAbc"})";
  const int64_t client = MustCommit(store, first);
  REQUIRE(store.FindClientKey(client, &key).ok());
  REQUIRE(key);
  CHECK(key->channel == "wechat");
  CHECK(key->account == "main");
  CHECK(key->user == "oAbc");
  std::optional<StoredSession> session;
  REQUIRE(store.LoadSession(*key, &session).ok());
  CHECK(session->reply_context == R"({"to":"oAbc"})");
  // A turn without a reply context keeps the one stored.
  TurnWrite second = Turn(*key, "m2", 2000);
  MustCommit(store, second);
  REQUIRE(store.LoadSession(*key, &session).ok());
  CHECK(session->reply_context == R"({"to":"oAbc"})");
  CHECK(session->snapshot.state == "state-m2");
}

}  // namespace
}  // namespace careerbot::storage
