// The SQLite store's reports (S-4.6.1, S-5.5): the draft is the row with version
// 0 (UNIQUE (client_id, version) keeps it one per client), finalizing renumbers
// that row to 1 + the highest version inside one transaction, and its sections
// are rows of report_sections, so editing one section never rewrites another.
#include <mutex>

#include "storage/link_records.h"
#include "storage/sqlite_store_impl.h"
#include "storage/staff_records.h"

namespace careerbot::storage {
namespace {

// The expiry of a version's link comes from personal_links (purpose 'report').
#define REPORT_COLUMNS                                                                    \
  "id, client_id, version, lang, charts, drafted_by, drafted_at, finalized_by, finalized_at, " \
  "(SELECT max(expires_at) FROM personal_links l WHERE l.report_id = reports.id)"

std::optional<int64_t> OptionalInt(sqlite3_stmt* stmt, int col) {
  if (sqlite3_column_type(stmt, col) == SQLITE_NULL) return std::nullopt;
  return sqlite3_column_int64(stmt, col);
}

}  // namespace

Status SqliteStore::PrepareReports() {
  const std::pair<Statement*, const char*> all[] = {
      {&report_draft_id_, "SELECT id FROM reports WHERE client_id = ?1 AND version = 0"},
      {&delete_report_, "DELETE FROM reports WHERE id = ?1"},
      {&insert_report_,
       "INSERT INTO reports (client_id, version, lang, charts, drafted_by, drafted_at) "
       "VALUES (?1, 0, ?2, ?3, ?4, ?5)"},
      {&insert_report_section_,
       "INSERT INTO report_sections (report_id, section, position, title, markdown) "
       "VALUES (?1, ?2, ?3, ?4, ?5)"},
      {&edit_report_section_,
       "UPDATE report_sections SET markdown = ?3, edited_by = ?4, edited_at = ?5 WHERE report_id = "
       "(SELECT id FROM reports WHERE client_id = ?1 AND version = 0) AND section = ?2"},
      {&finalize_report_,
       "UPDATE reports SET version = (SELECT max(version) + 1 FROM reports WHERE client_id = ?1), "
       "finalized_by = ?2, finalized_at = ?3 WHERE client_id = ?1 AND version = 0 RETURNING id"},
      {&last_report_version_, "SELECT max(version) FROM reports WHERE client_id = ?1"},
      {&list_reports_, "SELECT " REPORT_COLUMNS
                       " FROM reports WHERE client_id = ?1 ORDER BY version = 0, version"},
      {&find_report_,
       "SELECT " REPORT_COLUMNS " FROM reports WHERE client_id = ?1 AND version = ?2"},
      {&list_report_sections_,
       "SELECT section, title, markdown, edited_by, edited_at FROM report_sections "
       "WHERE report_id = ?1 ORDER BY position"},
      {&erase_reports_, "DELETE FROM reports WHERE client_id = ?1"},
  };
  for (const auto& [stmt, sql] : all) {
    Status s = stmt->Prepare(db_.get(), sql);
    if (!s.ok()) return s;
  }
  return Status::Ok();
}
#undef REPORT_COLUMNS

Status SqliteStore::ClientExists(int64_t client_id, bool* exists) {
  Query q(client_kind_, "find client");
  return q.Bind(1, client_id).Step(exists);
}

Status SqliteStore::SaveReportDraft(const ReportRecord& r, bool replace) {
  if (Status s = ValidateReportDraft(r); !s.ok()) return s;
  std::lock_guard lock(mu_);
  return InTransaction("save report draft", [&] {
    bool exists = false;
    Status s = ClientExists(r.client_id, &exists);
    if (s.ok() && !exists) s = Status::NotFound("no client " + std::to_string(r.client_id));
    if (s.ok()) s = StaffExists(r.drafted_by, &exists);
    if (s.ok() && !exists) s = Status::NotFound("no staff member " + std::to_string(r.drafted_by));
    if (!s.ok()) return s;
    std::optional<int64_t> old;
    {
      Query q(report_draft_id_, "save report draft: find draft");
      bool row = false;
      s = q.Bind(1, r.client_id).Step(&row);
      if (!s.ok()) return s;
      if (row) old = q.Int64(0);
    }
    if (old && !replace) return Status::AlreadyExists("the client has a report draft already");
    if (old) {
      s = Query(delete_report_, "save report draft: replace").Bind(1, *old).Run();
      if (!s.ok()) return s;
    }
    {
      Query q(insert_report_, "save report draft");
      q.Bind(1, r.client_id).Bind(2, r.lang).Bind(3, r.charts_json).Bind(4, r.drafted_by);
      s = q.Bind(5, r.drafted_at_ms).Run();
      if (!s.ok()) return s;
    }
    const int64_t id = sqlite3_last_insert_rowid(db_.get());
    int64_t position = 0;
    for (const ReportSection& section : r.sections) {
      Query q(insert_report_section_, "save report draft: section");
      q.Bind(1, id).Bind(2, section.id).Bind(3, position++).Bind(4, section.title);
      s = q.Bind(5, section.markdown).Run();
      if (!s.ok()) return s;
    }
    return Status::Ok();
  });
}

Status SqliteStore::EditReportSection(int64_t client_id, const std::string& section,
                                      const std::string& markdown, int64_t staff_id,
                                      int64_t at_ms) {
  if (Status s = ValidateReportMarkdown(markdown); !s.ok()) return s;
  std::lock_guard lock(mu_);
  bool exists = false;
  if (Status s = StaffExists(staff_id, &exists); !s.ok()) return s;
  if (!exists) return Status::NotFound("no staff member " + std::to_string(staff_id));
  Query q(edit_report_section_, "edit report section");
  q.Bind(1, client_id).Bind(2, section).Bind(3, markdown).Bind(4, staff_id).Bind(5, at_ms);
  if (Status s = q.Run(); !s.ok()) return s;
  if (sqlite3_changes(db_.get()) == 0) {
    return Status::NotFound("no report draft with a section " + section);
  }
  return Status::Ok();
}

Status SqliteStore::FinalizeReportDraft(int64_t client_id, int64_t staff_id, int64_t at_ms,
                                        const std::string& link_hash, int64_t link_expires_at_ms,
                                        int* version) {
  if (Status s = ValidatePersonalLink({client_id, "report", link_hash, at_ms, link_expires_at_ms, 1}); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  int number = 0;
  Status status = InTransaction("finalize report", [&] {
    bool exists = false;
    Status s = StaffExists(staff_id, &exists);
    if (s.ok() && !exists) s = Status::NotFound("no staff member " + std::to_string(staff_id));
    if (!s.ok()) return s;
    int64_t report_id = 0;
    {
      Query q(finalize_report_, "finalize report");
      bool row = false;
      s = q.Bind(1, client_id).Bind(2, staff_id).Bind(3, at_ms).Step(&row);
      if (!s.ok()) return s;
      if (!row) return Status::NotFound("the client has no report draft");
      report_id = q.Int64(0);
    }
    {
      Query q(insert_link_, "finalize report: its link");
      q.Bind(1, client_id).Bind(2, std::string_view("report")).Bind(3, link_hash).Bind(4, at_ms);
      s = q.Bind(5, link_expires_at_ms).Bind(6, report_id).Run();
      if (!s.ok() && UniqueViolated()) return Status::AlreadyExists("finalize report: link taken");
      if (!s.ok()) return s;
    }
    {
      Query q(last_report_version_, "finalize report: version");
      bool row = false;
      s = q.Bind(1, client_id).Step(&row);
      if (!s.ok()) return s;
      number = static_cast<int>(q.Int64(0));
    }
    std::optional<int64_t> archive_id;
    {
      Query q(archive_by_client_, "finalize report: archive");
      bool row = false;
      s = q.Bind(1, client_id).Step(&row);
      if (!s.ok()) return s;
      if (row) archive_id = q.Int64(6);
    }
    if (!archive_id) return Status::Ok();
    Query q(insert_archive_document_, "finalize report: file it");
    return q.Bind(1, *archive_id).Bind(2, std::string_view("report")).Bind(3, "version " + std::to_string(number))
        .Bind(4, at_ms)
        .Run();
  });
  if (status.ok() && version != nullptr) *version = number;
  return status;
}

Status SqliteStore::ReadReports(const Statement& stmt, const char* what,
                                const std::function<void(Query&)>& bind, bool with_sections,
                                std::vector<ReportRecord>* out) {
  out->clear();
  std::vector<int64_t> ids;
  {
    Query q(stmt, what);
    bind(q);
    bool row = false;
    Status s;
    sqlite3_stmt* raw = stmt.get();
    while ((s = q.Step(&row)).ok() && row) {
      ReportRecord r;
      ids.push_back(q.Int64(0));
      r.client_id = q.Int64(1);
      r.version = static_cast<int>(q.Int64(2));
      r.lang = q.Text(3);
      r.charts_json = q.Text(4);
      r.drafted_by = q.Int64(5);
      r.drafted_at_ms = q.Int64(6);
      r.finalized_by = OptionalInt(raw, 7);
      r.finalized_at_ms = OptionalInt(raw, 8).value_or(0);
      r.link_expires_at_ms = OptionalInt(raw, 9);
      out->push_back(std::move(r));
    }
    if (!s.ok()) return s;
  }
  for (size_t i = 0; with_sections && i < ids.size(); ++i) {
    Query q(list_report_sections_, what);
    q.Bind(1, ids[i]);
    bool row = false;
    Status s;
    while ((s = q.Step(&row)).ok() && row) {
      ReportSection section{q.Text(0), q.Text(1), q.Text(2),
                            OptionalInt(list_report_sections_.get(), 3),
                            OptionalInt(list_report_sections_.get(), 4).value_or(0)};
      (*out)[i].sections.push_back(std::move(section));
    }
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

Status SqliteStore::ListReports(int64_t client_id, std::vector<ReportRecord>* out) {
  std::lock_guard lock(mu_);
  Status s = ReadReports(list_reports_, "list reports", [&](Query& q) { q.Bind(1, client_id); }, false, out);
  if (!s.ok()) out->clear();
  return s;
}

Status SqliteStore::FindReport(int64_t client_id, int version, std::optional<ReportRecord>* out) {
  out->reset();
  std::lock_guard lock(mu_);
  std::vector<ReportRecord> rows;
  Status s = ReadReports(find_report_, "find report",
                         [&](Query& q) { q.Bind(1, client_id).Bind(2, int64_t{version}); }, true, &rows);
  if (s.ok() && !rows.empty()) *out = std::move(rows.front());
  return s;
}

}  // namespace careerbot::storage
