// The SQLite store's archives (S-3.5.2): opening a client's archive in the turn
// that asks for it, filing each later turn's documents, and the reads. The
// number's sequence is MAX(seq) + 1 of its category and year, read and written
// inside the turn's transaction under the write lock (BEGIN IMMEDIATE), so two
// turns never take the same one, and a turn rolled back gives its number back:
// no gaps.
#include "storage/archive_number.h"
#include "storage/sqlite_store_impl.h"

namespace careerbot::storage {

#define ARCHIVE_COLUMNS "number, client_id, category, year, seq, opened_at"

Status SqliteStore::PrepareArchive() {
  const std::pair<Statement*, const char*> all[] = {
      {&archive_by_client_, "SELECT " ARCHIVE_COLUMNS ", id FROM archives WHERE client_id = ?1"},
      {&archive_by_number_, "SELECT " ARCHIVE_COLUMNS ", id FROM archives WHERE number = ?1"},
      {&list_archives_, "SELECT " ARCHIVE_COLUMNS ", id FROM archives ORDER BY id"},
      {&list_archive_documents_,
       "SELECT d.kind, d.reference, d.filed_at FROM archive_documents d "
       "JOIN archives a ON a.id = d.archive_id WHERE a.number = ?1 ORDER BY d.id"},
      {&next_archive_seq_,
       "SELECT coalesce(max(seq), 0) + 1 FROM archives WHERE category = ?1 AND year = ?2"},
      {&client_kind_, "SELECT kind FROM clients WHERE id = ?1"},
      {&insert_archive_,
       "INSERT INTO archives (" ARCHIVE_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6)"},
      {&insert_archive_document_,
       "INSERT INTO archive_documents (archive_id, kind, reference, filed_at) "
       "VALUES (?1, ?2, ?3, ?4)"},
      // Everything the client has so far, in the order ArchiveDocumentsOf gives
      // (archive_number.h): by time, then agreement, plan, feedback, complaint.
      {&file_client_documents_,
       "INSERT INTO archive_documents (archive_id, kind, reference, filed_at) "
       "SELECT ?1, kind, reference, filed_at FROM ("
       "SELECT 'agreement' AS kind, document || ' ' || version AS reference, at AS filed_at, "
       "0 AS rank, id AS sub FROM consents "
       "WHERE client_id = ?2 AND document = 'service_agreement' AND accepted = 1 "
       "UNION ALL SELECT 'plan', 'version ' || version, at, 1, version FROM service_plans "
       "WHERE client_id = ?2 "
       "UNION ALL SELECT 'feedback', 'rating ' || rating, at, 2, id FROM feedback "
       "WHERE client_id = ?2 "
       "UNION ALL SELECT 'complaint', ticket, filed_at, 3, id FROM complaints WHERE client_id = ?2"
       ") ORDER BY filed_at, rank, sub"},
  };
  for (const auto& [stmt, sql] : all) {
    Status s = stmt->Prepare(db_.get(), sql);
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

Status SqliteStore::WriteArchive(int64_t client_id, const TurnWrite& t) {
  std::optional<int64_t> archive_id;
  {
    Query q(archive_by_client_, "commit turn: find archive");
    bool row = false;
    Status s = q.Bind(1, client_id).Step(&row);
    if (!s.ok()) return s;
    if (row) archive_id = q.Int64(6);
  }
  if (archive_id) {
    for (const ArchiveDocument& d : ArchiveDocumentsOf(t.consents, t.plans, t.feedback, t.complaints)) {
      Query q(insert_archive_document_, "commit turn: file a document");
      Status s = q.Bind(1, *archive_id).Bind(2, d.kind).Bind(3, d.reference).Bind(4, d.filed_at_ms).Run();
      if (!s.ok()) return s;
    }
    return Status::Ok();
  }
  if (!t.open_archive) return Status::Ok();
  std::string kind;
  {
    Query q(client_kind_, "commit turn: client kind");
    bool row = false;
    Status s = q.Bind(1, client_id).Step(&row);
    if (!s.ok()) return s;
    kind = row ? q.Text(0) : "";
  }
  const std::string category = ArchiveCategory(kind);
  const int year = ArchiveYear(t.received_at_ms);
  int64_t seq = 0;
  {
    Query q(next_archive_seq_, "commit turn: next archive number");
    bool row = false;
    Status s = q.Bind(1, category).Bind(2, int64_t{year}).Step(&row);
    if (!s.ok()) return s;
    seq = q.Int64(0);
  }
  {
    Query q(insert_archive_, "commit turn: open archive");
    q.Bind(1, FormatArchiveNumber(t.archive_format, category, year, seq)).Bind(2, client_id);
    Status s = q.Bind(3, category).Bind(4, int64_t{year}).Bind(5, seq).Bind(6, t.received_at_ms).Run();
    if (!s.ok() && UniqueViolated()) {
      return Status::AlreadyExists("commit turn: the archive number is taken (was archive.format changed?)");
    }
    if (!s.ok()) return s;
  }
  const int64_t id = sqlite3_last_insert_rowid(db_.get());
  Query q(file_client_documents_, "commit turn: file the client's documents");
  return q.Bind(1, id).Bind(2, client_id).Run();
}

Status SqliteStore::ReadArchives(const Statement& stmt, const char* what, const std::string* key,
                                 int64_t client_id, std::vector<ArchiveRecord>* out) {
  std::lock_guard lock(mu_);
  out->clear();
  Query q(stmt, what);
  if (key) {
    q.Bind(1, *key);
  } else if (client_id > 0) {
    q.Bind(1, client_id);
  }
  bool row = false;
  Status s;
  while ((s = q.Step(&row)).ok() && row) {
    out->push_back({q.Text(0), q.Int64(1), q.Text(2), static_cast<int>(q.Int64(3)), q.Int64(4), q.Int64(5)});
  }
  return s;
}

Status SqliteStore::FindArchive(int64_t client_id, std::optional<ArchiveRecord>* out) {
  std::vector<ArchiveRecord> rows;
  out->reset();
  Status s = ReadArchives(archive_by_client_, "find archive", nullptr, client_id, &rows);
  if (s.ok() && !rows.empty()) *out = rows.front();
  return s;
}

Status SqliteStore::FindArchiveByNumber(const std::string& number, std::optional<ArchiveRecord>* out) {
  std::vector<ArchiveRecord> rows;
  out->reset();
  Status s = ReadArchives(archive_by_number_, "find archive by number", &number, 0, &rows);
  if (s.ok() && !rows.empty()) *out = rows.front();
  return s;
}

Status SqliteStore::ListArchives(std::vector<ArchiveRecord>* out) {
  return ReadArchives(list_archives_, "list archives", nullptr, 0, out);
}

Status SqliteStore::ListArchiveDocuments(const std::string& number, std::vector<ArchiveDocument>* out) {
  std::lock_guard lock(mu_);
  out->clear();
  Query q(list_archive_documents_, "list archive documents");
  q.Bind(1, number);
  bool row = false;
  Status s;
  while ((s = q.Step(&row)).ok() && row) out->push_back({q.Text(0), q.Text(1), q.Int64(2)});
  return s;
}

#undef ARCHIVE_COLUMNS

}  // namespace careerbot::storage
