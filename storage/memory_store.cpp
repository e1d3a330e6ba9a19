// The in-memory Store. It mirrors the SQLite store's observable behaviour,
// ordering included, so the contract tests can hold both to the same answers:
// lists come back in insertion order, the profile by field name, answers by
// (instrument, attempt, answered_at, first insertion), plans by version, and
// upserts keep a record's original position; outbox entries by id.
#include "storage/memory_store.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <tuple>

#include "storage/archive_number.h"
#include "storage/memory_staff_tables.h"
#include "storage/turn_validation.h"

namespace careerbot::storage {
namespace {

using KeyTuple = std::tuple<std::string, std::string, std::string>;

KeyTuple Tuple(const ClientKey& k) { return {k.channel, k.account, k.user}; }

struct Client {
  StoredSession session;
  std::vector<JournalEntry> journal;
  // (channel, account, message id) → answer_json: the unique index of the SQL schema.
  std::map<KeyTuple, std::string> answered;
  std::vector<ConsentRecord> consents;
  std::map<std::string, std::string> profile;  // ordered by field, like ORDER BY field
  // (instrument, attempt, item) → the answer and the sequence number of its
  // first insertion, which plays the part of SQLite's rowid.
  std::map<std::tuple<std::string, int, std::string>, std::pair<AnswerRecord, uint64_t>> answers;
  std::vector<AssessmentResultRecord> results;
  std::vector<FeedbackRecord> feedback;
  std::vector<ComplaintRecord> complaints;
  std::vector<HandoffRecord> handoffs;
  std::map<int, ServicePlanRecord> plans;  // by version, like ORDER BY version
  std::vector<NeedsSurveyRecord> needs_surveys;
  std::optional<int64_t> inactive_since;
  int64_t last_outbox_seq = 0;
  std::string first_channel;  // of the identity that created the client
  std::optional<ArchiveRecord> archive;
  std::vector<ArchiveDocument> archive_documents;
  int64_t created_at_ms = 0;

  // erase_personal_data, as the SQLite store's erase statements do it.
  void ErasePersonalData() {
    profile.clear();
    answers.clear();
    results.clear();
    plans.clear();
    needs_surveys.clear();
    for (JournalEntry& e : journal) e.text.reset();
    for (auto& entry : answered) entry.second = kErasedAnswerJson;
    for (FeedbackRecord& f : feedback) f.comment.reset();
  }
};

class MemoryStore final : public Store {
 public:
  Status Ping() override { return Status::Ok(); }

  Status FindAnswer(const ClientKey& key, const std::string& message_id,
                    std::optional<std::string>* answer_json) override {
    answer_json->reset();
    Status s = ValidateMessageId(message_id);
    if (!s.ok()) return s;
    std::lock_guard lock(mu_);
    const Client* c = Find(key);
    if (c == nullptr) return Status::Ok();
    auto it = c->answered.find({key.channel, key.account, message_id});
    if (it != c->answered.end()) *answer_json = it->second;
    return Status::Ok();
  }

  Status LoadSession(const ClientKey& key, std::optional<StoredSession>* session) override {
    session->reset();
    std::lock_guard lock(mu_);
    if (const Client* c = Find(key)) *session = c->session;
    return Status::Ok();
  }

  Status CommitTurn(const TurnWrite& t, int64_t* client_id) override;

  Status FindClientId(const ClientKey& key, std::optional<int64_t>* client_id) override {
    client_id->reset();
    std::lock_guard lock(mu_);
    auto it = identities_.find(Tuple(key));
    if (it != identities_.end()) *client_id = it->second;
    return Status::Ok();
  }

  Status ListJournal(int64_t id, std::vector<JournalEntry>* out) override {
    return Copy(id, out, [](const Client& c) { return c.journal; });
  }
  Status ListConsents(int64_t id, std::vector<ConsentRecord>* out) override {
    return Copy(id, out, [](const Client& c) { return c.consents; });
  }
  Status ListProfile(int64_t id, std::vector<ProfileFieldRecord>* out) override {
    return Copy(id, out, [](const Client& c) {
      std::vector<ProfileFieldRecord> v;
      for (const auto& [field, value] : c.profile) v.push_back({field, value});
      return v;
    });
  }
  Status ListAnswers(int64_t id, std::vector<AnswerRecord>* out) override;
  Status ListResults(int64_t id, std::vector<AssessmentResultRecord>* out) override {
    return Copy(id, out, [](const Client& c) { return c.results; });
  }
  Status ListFeedback(int64_t id, std::vector<FeedbackRecord>* out) override {
    return Copy(id, out, [](const Client& c) { return c.feedback; });
  }
  Status ListComplaints(int64_t id, std::vector<ComplaintRecord>* out) override {
    return Copy(id, out, [](const Client& c) { return c.complaints; });
  }
  Status FindComplaint(int64_t id, const std::string& ticket,
                       std::optional<ComplaintRecord>* out) override {
    out->reset();
    std::lock_guard lock(mu_);
    auto it = clients_.find(id);
    if (it == clients_.end()) return Status::Ok();
    for (const ComplaintRecord& c : it->second.complaints) {
      if (c.ticket == ticket) *out = c;
    }
    return Status::Ok();
  }
  Status ListHandoffs(int64_t id, std::vector<HandoffRecord>* out) override {
    return Copy(id, out, [](const Client& c) { return c.handoffs; });
  }
  Status ListPlans(int64_t id, std::vector<ServicePlanRecord>* out) override {
    return Copy(id, out, [](const Client& c) {
      std::vector<ServicePlanRecord> v;
      for (const auto& entry : c.plans) v.push_back(entry.second);
      return v;
    });
  }
  Status ListNeedsSurveys(int64_t id, std::vector<NeedsSurveyRecord>* out) override {
    return Copy(id, out, [](const Client& c) { return c.needs_surveys; });
  }

  Status MarkClientInactive(const ClientKey& key, int64_t at_ms, bool* found) override {
    std::lock_guard lock(mu_);
    auto it = identities_.find(Tuple(key));
    if (found != nullptr) *found = it != identities_.end();
    if (it == identities_.end()) return Status::Ok();
    Client& c = clients_.at(it->second);
    if (!c.inactive_since) c.inactive_since = at_ms;
    return Status::Ok();
  }
  Status GetInactiveSince(int64_t id, std::optional<int64_t>* since) override {
    std::lock_guard lock(mu_);
    auto it = clients_.find(id);
    *since = it == clients_.end() ? std::nullopt : it->second.inactive_since;
    return Status::Ok();
  }
  Status QueueOutbox(int64_t id, const std::vector<OutboxRequest>& requests, int64_t at_ms) override;
  Status ListOutboxHeads(size_t limit, const std::string& except_channel,
                         std::vector<OutboxEntry>* out) override;
  Status RecordOutboxAttempt(const OutboxAttempt& a) override;
  // Staff, training and audit: MemoryStaffTables (memory_staff_tables.h).
  Status AddStaff(const StaffRecord& staff, const std::string& token_hash, int64_t at_ms,
                  int64_t* id) override {
    return staff_.AddStaff(staff, token_hash, at_ms, id);
  }
  Status FindStaffByTokenHash(const std::string& hash, std::optional<StaffRecord>* out) override {
    return staff_.FindStaffByTokenHash(hash, out);
  }
  Status FindStaff(int64_t staff_id, std::optional<StaffRecord>* out) override {
    return staff_.FindStaff(staff_id, out);
  }
  Status ListStaff(std::vector<StaffRecord>* out) override { return staff_.ListStaff(out); }
  Status RevokeStaffTokens(int64_t staff_id, int64_t at_ms,
                           const std::optional<std::string>& new_hash, int* revoked) override {
    return staff_.RevokeStaffTokens(staff_id, at_ms, new_hash, revoked);
  }
  Status AddTraining(const TrainingRecord& t, int64_t* id) override {
    return staff_.AddTraining(t, id);
  }
  Status ListTraining(int64_t staff_id, std::vector<TrainingRecord>* out) override {
    return staff_.ListTraining(staff_id, out);
  }
  Status AppendAudit(const AuditEntry& e, int64_t* id) override {
    return staff_.AppendAudit(e, id);
  }
  Status ListAudit(int64_t after_id, size_t limit, std::vector<AuditEntry>* out) override {
    return staff_.ListAudit(after_id, limit, out);
  }
  Status ListClients(const ClientPage& page, std::vector<ClientSummary>* out) override {
    std::lock_guard lock(mu_);
    out->clear();
    for (auto it = clients_.upper_bound(page.after_id);
         it != clients_.end() && out->size() < page.limit; ++it) {
      const Client& c = it->second;
      out->push_back({it->first, c.first_channel, c.created_at_ms, c.session.snapshot.state,
                      c.session.updated_at_ms});
    }
    return Status::Ok();
  }

  Status FindArchive(int64_t id, std::optional<ArchiveRecord>* out) override {
    std::lock_guard lock(mu_);
    auto it = clients_.find(id);
    *out = it == clients_.end() ? std::nullopt : it->second.archive;
    return Status::Ok();
  }
  Status FindArchiveByNumber(const std::string& number, std::optional<ArchiveRecord>* out) override {
    std::lock_guard lock(mu_);
    auto it = archive_numbers_.find(number);
    *out = it == archive_numbers_.end() ? std::nullopt : clients_.at(it->second).archive;
    return Status::Ok();
  }
  Status ListArchives(std::vector<ArchiveRecord>* out) override {
    std::lock_guard lock(mu_);
    out->clear();
    for (const std::string& n : archive_order_) out->push_back(*clients_.at(archive_numbers_.at(n)).archive);
    return Status::Ok();
  }
  Status ListArchiveDocuments(const std::string& number, std::vector<ArchiveDocument>* out) override {
    std::lock_guard lock(mu_);
    auto it = archive_numbers_.find(number);
    *out = it == archive_numbers_.end() ? std::vector<ArchiveDocument>()
                                        : clients_.at(it->second).archive_documents;
    return Status::Ok();
  }

  Status ListOutbox(int64_t id, std::vector<OutboxEntry>* out) override {
    std::lock_guard lock(mu_);
    out->clear();
    for (const auto& [unused, e] : outbox_) {  // by id: a client's seq grows with the id
      if (e.client_id == id) out->push_back(e);
    }
    return Status::Ok();
  }

 private:
  // Inside mu_: queues `requests` after the client's last seq.
  void InsertOutbox(int64_t id, Client& c, const std::vector<OutboxRequest>& requests,
                    const std::string& message_id, int64_t at_ms);
  const Client* Find(const ClientKey& key) const {
    auto it = identities_.find(Tuple(key));
    return it == identities_.end() ? nullptr : &clients_.at(it->second);
  }

  // An unknown client id has no records: an empty list, as from SQL.
  template <typename Row, typename Get>
  Status Copy(int64_t id, std::vector<Row>* out, Get get) {
    std::lock_guard lock(mu_);
    auto it = clients_.find(id);
    *out = it == clients_.end() ? std::vector<Row>() : get(it->second);
    return Status::Ok();
  }

  std::mutex mu_;
  std::map<KeyTuple, int64_t> identities_;
  std::map<int64_t, Client> clients_;
  std::set<std::string> tickets_;  // every client's: the UNIQUE ticket column
  int64_t last_client_id_ = 0;
  uint64_t last_answer_seq_ = 0;
  std::map<int64_t, OutboxEntry> outbox_;  // by id, like the table's rowid
  int64_t last_outbox_id_ = 0;
  // Archives: number → client id, the order opened, the last seq per (category, year).
  std::map<std::string, int64_t> archive_numbers_;
  std::vector<std::string> archive_order_;
  std::map<std::pair<std::string, int>, int64_t> archive_seq_;
  MemoryStaffTables staff_;  // its own lock: nothing there touches a client
};

Status MemoryStore::CommitTurn(const TurnWrite& t, int64_t* client_id) {
  // Every check comes before the first change, so a refused turn changes
  // nothing; the writes below cannot fail short of running out of memory.
  Status s = ValidateTurn(t);
  if (!s.ok()) return s;
  std::lock_guard lock(mu_);
  auto identity = identities_.find(Tuple(t.key));
  if (identity != identities_.end() && !t.message_id.empty() &&
      clients_.at(identity->second).answered.count({t.key.channel, t.key.account, t.message_id})) {
    if (client_id != nullptr) *client_id = identity->second;
    return Status::AlreadyExists("commit turn: this message id was already answered");
  }
  // The SQLite store meets these when it inserts the records, after the
  // complaints and before the plans; checked here in that order.
  std::set<std::string> turn_tickets;
  for (const ComplaintRecord& r : t.complaints) {
    if (tickets_.count(r.ticket) || !turn_tickets.insert(r.ticket).second) {
      if (identity != identities_.end() && client_id != nullptr) *client_id = identity->second;
      return Status::AlreadyExists("commit turn: this complaint ticket is already taken");
    }
  }
  std::set<int> turn_versions;
  for (const ServicePlanRecord& p : t.plans) {
    // Versions the erasure removes are free again.
    const bool kept = identity != identities_.end() && !t.erase_personal_data &&
                      clients_.at(identity->second).plans.count(p.version);
    if (kept || !turn_versions.insert(p.version).second) {
      return Status::InvalidArgument("commit turn: the client already has this plan version");
    }
  }

  int64_t id = 0;
  if (identity != identities_.end()) {
    id = identity->second;
  } else {
    id = ++last_client_id_;
    identities_.emplace(Tuple(t.key), id);
    clients_[id].first_channel = t.key.channel;
    clients_[id].created_at_ms = t.received_at_ms;
  }
  Client& c = clients_[id];
  if (t.erase_personal_data) {
    c.ErasePersonalData();
    std::erase_if(outbox_, [id](const auto& entry) {
      return entry.second.client_id == id && entry.second.status != OutboxStatus::kQueued;
    });
  }
  c.inactive_since.reset();
  InsertOutbox(id, c, t.outbox, t.message_id, t.received_at_ms);

  using Dir = JournalEntry::Direction;
  c.journal.push_back({Dir::kInbound, t.message_id, t.inbound_text, t.received_at_ms});
  for (const std::string& text : t.outbound_texts) {
    c.journal.push_back({Dir::kOutbound, t.message_id, text, t.received_at_ms});
  }
  if (!t.message_id.empty())
    c.answered[{t.key.channel, t.key.account, t.message_id}] = t.answer_json;
  c.session = StoredSession{id, t.snapshot, t.received_at_ms};

  c.consents.insert(c.consents.end(), t.consents.begin(), t.consents.end());
  for (const ProfileFieldRecord& p : t.profile_fields) c.profile[p.field] = p.value;
  for (const AnswerRecord& a : t.answers) {
    auto [it, inserted] = c.answers.try_emplace({a.instrument, a.attempt, a.item}, a, 0);
    if (inserted) {
      it->second.second = ++last_answer_seq_;
    } else {
      it->second.first = a;  // the upsert: new value and time, original position
    }
  }
  for (const AssessmentResultRecord& r : t.results) {
    auto same_attempt = [&r](const AssessmentResultRecord& x) {
      return x.instrument == r.instrument && x.attempt == r.attempt;
    };
    auto it = std::find_if(c.results.begin(), c.results.end(), same_attempt);
    if (it != c.results.end()) {
      *it = r;
    } else {
      c.results.push_back(r);
    }
  }
  c.feedback.insert(c.feedback.end(), t.feedback.begin(), t.feedback.end());
  c.complaints.insert(c.complaints.end(), t.complaints.begin(), t.complaints.end());
  for (const ComplaintRecord& r : t.complaints) tickets_.insert(r.ticket);
  c.handoffs.insert(c.handoffs.end(), t.handoffs.begin(), t.handoffs.end());
  for (const ServicePlanRecord& p : t.plans) c.plans.emplace(p.version, p);
  c.needs_surveys.insert(c.needs_surveys.end(), t.needs_surveys.begin(), t.needs_surveys.end());
  if (t.open_archive && !c.archive) {
    // Clients here are all individuals (the SQLite store reads clients.kind).
    ArchiveRecord a;
    a.client_id = id;
    a.category = ArchiveCategory("individual");
    a.year = ArchiveYear(t.received_at_ms);
    a.seq = ++archive_seq_[{a.category, a.year}];
    a.number = FormatArchiveNumber(t.archive_format, a.category, a.year, a.seq);
    a.opened_at_ms = t.received_at_ms;
    archive_numbers_[a.number] = id;
    archive_order_.push_back(a.number);
    c.archive = a;
    std::vector<ServicePlanRecord> plans;
    for (const auto& [unused, p] : c.plans) plans.push_back(p);
    c.archive_documents = ArchiveDocumentsOf(c.consents, plans, c.feedback, c.complaints);
  } else if (c.archive) {
    for (ArchiveDocument& d : ArchiveDocumentsOf(t.consents, t.plans, t.feedback, t.complaints)) {
      c.archive_documents.push_back(std::move(d));
    }
  }
  if (client_id != nullptr) *client_id = id;
  return Status::Ok();
}

Status MemoryStore::ListAnswers(int64_t id, std::vector<AnswerRecord>* out) {
  return Copy(id, out, [](const Client& c) {
    std::vector<std::pair<AnswerRecord, uint64_t>> rows;
    for (const auto& entry : c.answers) rows.push_back(entry.second);
    std::sort(rows.begin(), rows.end(), [](const auto& x, const auto& y) {
      return std::tie(x.first.instrument, x.first.attempt, x.first.answered_at_ms, x.second) <
             std::tie(y.first.instrument, y.first.attempt, y.first.answered_at_ms, y.second);
    });
    std::vector<AnswerRecord> v;
    for (auto& row : rows) v.push_back(std::move(row.first));
    return v;
  });
}

void MemoryStore::InsertOutbox(int64_t id, Client& c, const std::vector<OutboxRequest>& requests,
                               const std::string& message_id, int64_t at_ms) {
  for (const OutboxRequest& request : requests) {
    OutboxEntry e;
    e.id = ++last_outbox_id_;
    e.client_id = id;
    e.channel = request.to.channel;
    e.account = request.to.account;
    e.seq = ++c.last_outbox_seq;
    e.message_id = message_id;
    e.request_json = request.request_json;
    e.next_attempt_at_ms = e.created_at_ms = e.updated_at_ms = at_ms;
    outbox_.emplace(e.id, std::move(e));
  }
}

Status MemoryStore::QueueOutbox(int64_t id, const std::vector<OutboxRequest>& requests, int64_t at_ms) {
  if (Status s = ValidateOutboxRequests(requests, "queue outbox"); !s.ok()) return s;
  std::lock_guard lock(mu_);
  auto it = clients_.find(id);
  if (it == clients_.end()) return Status::NotFound("queue outbox: no client " + std::to_string(id));
  InsertOutbox(id, it->second, requests, "", at_ms);
  return Status::Ok();
}

Status MemoryStore::ListOutboxHeads(size_t limit, const std::string& except_channel,
                                    std::vector<OutboxEntry>* out) {
  std::lock_guard lock(mu_);
  out->clear();
  // (client id, channel, account) → its queued entry of lowest seq
  std::map<std::tuple<int64_t, std::string, std::string>, const OutboxEntry*> heads;
  for (const auto& [unused, e] : outbox_) {
    if (e.status != OutboxStatus::kQueued || (!except_channel.empty() && e.channel == except_channel)) continue;
    const OutboxEntry*& head = heads[{e.client_id, e.channel, e.account}];
    if (head == nullptr || e.seq < head->seq) head = &e;
  }
  for (const auto& [unused, e] : heads) out->push_back(*e);
  std::sort(out->begin(), out->end(), [](const OutboxEntry& x, const OutboxEntry& y) {
    return std::tie(x.next_attempt_at_ms, x.id) < std::tie(y.next_attempt_at_ms, y.id);
  });
  if (out->size() > limit) out->resize(limit);
  return Status::Ok();
}

Status MemoryStore::RecordOutboxAttempt(const OutboxAttempt& a) {
  if (Status s = ValidateOutboxAttempt(a); !s.ok()) return s;
  std::lock_guard lock(mu_);
  auto it = outbox_.find(a.id);
  if (it == outbox_.end()) {
    return Status::NotFound("record outbox attempt: no outbox entry " + std::to_string(a.id));
  }
  OutboxEntry& e = it->second;
  if (e.status != OutboxStatus::kQueued) {
    return Status::InvalidArgument("record outbox attempt: entry " + std::to_string(a.id) +
                                   " is already " + OutboxStatusName(e.status));
  }
  e.status = a.status;
  e.attempts = a.attempts;
  if (a.status == OutboxStatus::kQueued) e.next_attempt_at_ms = a.next_attempt_at_ms;
  if (a.error) e.last_error = a.error;  // a sent entry keeps its last failure's error
  e.updated_at_ms = a.at_ms;
  return Status::Ok();
}

}  // namespace

std::unique_ptr<Store> NewMemoryStore() { return std::make_unique<MemoryStore>(); }

}  // namespace careerbot::storage
