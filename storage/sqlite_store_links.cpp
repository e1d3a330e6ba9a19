// The SQLite store's personal links (storage/link_records.h): a row per issued
// link, found by the hash of its token, deleted with the client's personal data
// (ErasePersonalData runs erase_links_; a report's links also go with the report,
// ON DELETE CASCADE). A link of purpose 'report' names its report by reports.id.
#include <mutex>

#include "storage/sqlite_store_impl.h"
#include "storage/staff_records.h"

namespace careerbot::storage {

Status SqliteStore::PrepareLinks() {
  const std::pair<Statement*, const char*> all[] = {
      {&insert_link_,
       "INSERT INTO personal_links (client_id, purpose, token_hash, issued_at, expires_at, report_id) "
       "VALUES (?1, ?2, ?3, ?4, ?5, ?6)"},
      {&find_link_,
       "SELECT l.client_id, l.purpose, l.token_hash, l.issued_at, l.expires_at, r.version "
       "FROM personal_links l LEFT JOIN reports r ON r.id = l.report_id WHERE l.token_hash = ?1"},
      {&erase_links_, "DELETE FROM personal_links WHERE client_id = ?1"},
      {&link_report_id_, "SELECT id FROM reports WHERE client_id = ?1 AND version = ?2 AND version > 0"},
      {&erase_report_links_, "DELETE FROM personal_links WHERE report_id = ?1"},
  };
  for (const auto& [stmt, sql] : all) {
    Status s = stmt->Prepare(db_.get(), sql);
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

Status SqliteStore::IssuePersonalLink(const PersonalLinkRecord& link, const AuditEntry& audit) {
  if (Status s = ValidatePersonalLink(link); !s.ok()) return s;
  if (Status s = ValidateAuditEntry(audit); !s.ok()) return s;
  std::lock_guard lock(mu_);
  return InTransaction("issue personal link", [&] {
    bool exists = false;
    Status s = ClientExists(link.client_id, &exists);
    if (s.ok() && !exists) s = Status::NotFound("no client " + std::to_string(link.client_id));
    if (!s.ok()) return s;
    std::optional<int64_t> report_id;
    if (link.report_version) {
      Query q(link_report_id_, "issue personal link: its report");
      bool row = false;
      s = q.Bind(1, link.client_id).Bind(2, int64_t{*link.report_version}).Step(&row);
      if (!s.ok()) return s;
      if (!row) return Status::NotFound("the client has no report version " + std::to_string(*link.report_version));
      report_id = q.Int64(0);
    }
    if (report_id) {  // a report version has one link: the new one replaces the old
      Query q(erase_report_links_, "issue personal link: the report's old link");
      s = q.Bind(1, *report_id).Run();
      if (!s.ok()) return s;
    }
    {
      Query q(insert_link_, "issue personal link");
      q.Bind(1, link.client_id).Bind(2, link.purpose).Bind(3, link.token_hash);
      q.Bind(4, link.issued_at_ms).Bind(5, link.expires_at_ms);
      if (report_id) q.Bind(6, *report_id);
      s = q.Run();
      if (!s.ok() && UniqueViolated()) return Status::AlreadyExists("issue personal link: the token is taken");
    }
    if (!s.ok()) return s;
    return InsertAudit(audit, nullptr);
  });
}

Status SqliteStore::FindPersonalLink(const std::string& token_hash, std::optional<PersonalLinkRecord>* out) {
  out->reset();
  std::lock_guard lock(mu_);
  Query q(find_link_, "find personal link");
  q.Bind(1, token_hash);
  bool row = false;
  Status s = q.Step(&row);
  if (!s.ok() || !row) return s;
  *out = PersonalLinkRecord{q.Int64(0), q.Text(1), q.Text(2), q.Int64(3), q.Int64(4), std::nullopt};
  if (!q.IsNull(5)) (*out)->report_version = static_cast<int>(q.Int64(5));
  return Status::Ok();
}

}  // namespace careerbot::storage
