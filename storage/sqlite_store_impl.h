// Private to storage/: the SQLite Store class, split over two files:
// sqlite_store.cpp (opening, the SQL of every statement, a turn's writes) and
// sqlite_store_reads.cpp (the reads). Nothing outside storage/ includes this
// header; others use OpenSqliteStore (sqlite_store.h).
//
// One connection, guarded by one mutex, with every statement prepared when the
// store opens. A single connection is enough because SQLite allows one writer at
// a time anyway, and it lets CommitTurn hold the write lock from BEGIN IMMEDIATE
// to COMMIT without another thread's statements slipping into its transaction.
// Other processes (a backup, the sqlite3 shell) may share the file; the busy
// timeout decides how long we wait for them.
#pragma once

#include <mutex>

#include "storage/sqlite_statement.h"
#include "storage/sqlite_store.h"
#include "storage/store.h"

namespace careerbot::storage {

class SqliteStore final : public Store {
 public:
  Status Open(const SqliteOptions& options);

  Status Ping() override;
  Status FindAnswer(const ClientKey& key, const std::string& message_id,
                    std::optional<std::string>* answer_json) override;
  Status LoadSession(const ClientKey& key, std::optional<StoredSession>* session) override;
  Status CommitTurn(const TurnWrite& turn, int64_t* client_id) override;
  Status FindClientId(const ClientKey& key, std::optional<int64_t>* client_id) override;
  Status ListJournal(int64_t client_id, std::vector<JournalEntry>* out) override;
  Status ListConsents(int64_t client_id, std::vector<ConsentRecord>* out) override;
  Status ListProfile(int64_t client_id, std::vector<ProfileFieldRecord>* out) override;
  Status ListAnswers(int64_t client_id, std::vector<AnswerRecord>* out) override;
  Status ListResults(int64_t client_id, std::vector<AssessmentResultRecord>* out) override;
  Status ListFeedback(int64_t client_id, std::vector<FeedbackRecord>* out) override;
  Status ListComplaints(int64_t client_id, std::vector<ComplaintRecord>* out) override;
  Status FindComplaint(int64_t client_id, const std::string& ticket,
                       std::optional<ComplaintRecord>* out) override;
  Status ListHandoffs(int64_t client_id, std::vector<HandoffRecord>* out) override;
  Status ListPlans(int64_t client_id, std::vector<ServicePlanRecord>* out) override;
  Status ListNeedsSurveys(int64_t client_id, std::vector<NeedsSurveyRecord>* out) override;

 private:
  Status PrepareAll();
  // The body of CommitTurn, inside the transaction; the caller commits or rolls
  // back. *created is set when the client is new in this transaction.
  Status WriteTurn(const TurnWrite& t, int64_t* client_id, bool* created);
  Status FindClient(const ClientKey& key, std::optional<int64_t>* client_id);
  Status CreateClient(const ClientKey& key, int64_t now_ms, int64_t* client_id);
  Status ErasePersonalData(int64_t client_id);
  Status InsertMessage(int64_t client_id, const TurnWrite& t, bool inbound,
                       const std::optional<std::string>& text, int64_t in_reply_to);
  Status WriteRecords(int64_t client_id, const TurnWrite& t);
  Status WriteServiceRecords(int64_t client_id, const TurnWrite& t);
  // Whether the step that just failed broke a UNIQUE constraint; call it while
  // that step's Query is alive (its reset may change the connection's error).
  bool UniqueViolated() const {
    return sqlite3_extended_errcode(db_.get()) == SQLITE_CONSTRAINT_UNIQUE;
  }
  // Runs `stmt` with ?1 = client_id and collects read(row) for every row.
  template <typename Row, typename Read>
  Status List(const Statement& stmt, const char* what, int64_t client_id, std::vector<Row>* out,
              Read read);

  std::mutex mu_;
  // Declared before the statements so that it is closed after they are finalized.
  SqliteHandle db_;
  Statement ping_, begin_, commit_, rollback_, checkpoint_;
  Statement find_client_, insert_client_, insert_identity_;
  Statement find_answer_, find_duplicate_, load_session_;
  Statement insert_message_, upsert_session_, insert_consent_, upsert_profile_;
  Statement upsert_answer_, upsert_result_, insert_feedback_;
  Statement insert_complaint_, insert_handoff_, insert_plan_, insert_survey_;
  Statement erase_profile_, erase_answers_, erase_results_, erase_plans_, erase_surveys_,
      erase_journal_, erase_comments_;
  Statement list_journal_, list_consents_, list_profile_, list_answers_, list_results_,
      list_feedback_;
  Statement list_complaints_, find_complaint_, list_handoffs_, list_plans_, list_surveys_;
};

}  // namespace careerbot::storage
