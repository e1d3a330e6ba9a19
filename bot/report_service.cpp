#include "bot/report_service.h"

#include "bot/client_record_set.h"
#include "bot/config.h"
#include "bot/personal_link.h"
#include "bot/report_draft.h"
#include "storage/store.h"

namespace careerbot::bot {
std::string ReportUrl(const Config& config, const std::string& token) {
  return PersonalLinkUrl(PublicBaseUrl(config), "/r/", token);
}

Status DraftReport(const ReportServices& services, int64_t client_id, int64_t staff_id,
                   std::optional<knowledge::Lang> lang, bool replace, int64_t now_ms,
                   storage::ReportRecord* out) {
  ClientRecordSet records;
  if (Status s = LoadClientRecords(services.store, client_id, &records); !s.ok()) return s;
  storage::ReportRecord draft;
  draft.client_id = client_id;
  draft.drafted_by = staff_id;
  draft.drafted_at_ms = now_ms;
  DraftReportContent(services.kb, records, lang.value_or(ReportLang(records)), &draft);
  if (Status s = services.store.SaveReportDraft(draft, replace); !s.ok()) return s;
  if (out) *out = std::move(draft);
  return Status::Ok();
}

Status FinalizeReport(const ReportServices& services, int64_t client_id, int64_t staff_id,
                      int64_t now_ms, ReportLink* link) {
  FreshLink fresh;
  if (Status s = NewPersonalLink(now_ms, services.config.reports.link_ttl_hours, &fresh); !s.ok()) return s;
  int version = 0;
  Status s = services.store.FinalizeReportDraft(client_id, staff_id, now_ms, fresh.hash, fresh.expires_at_ms, &version);
  if (!s.ok()) return s;
  *link = {ReportUrl(services.config, fresh.token), fresh.expires_at_ms, version};
  return Status::Ok();
}

Status RenewReportLink(const ReportServices& services, int64_t client_id, int version,
                       int64_t now_ms, const storage::AuditEntry& audit, ReportLink* link) {
  FreshLink fresh;
  if (Status s = NewPersonalLink(now_ms, services.config.reports.link_ttl_hours, &fresh); !s.ok()) return s;
  storage::PersonalLinkRecord record{client_id, "report", fresh.hash, now_ms, fresh.expires_at_ms, version};
  if (Status s = services.store.IssuePersonalLink(record, audit); !s.ok()) return s;
  *link = {ReportUrl(services.config, fresh.token), fresh.expires_at_ms, version};
  return Status::Ok();
}

Status FindReportByLink(storage::Store& store, const std::string& token, int64_t now_ms,
                        std::optional<storage::ReportRecord>* out) {
  out->reset();
  const std::string hash = PersonalLinkHash(token);
  if (hash.empty()) return Status::Ok();
  std::optional<storage::PersonalLinkRecord> link;
  if (Status s = store.FindPersonalLink(hash, &link); !s.ok()) return s;
  if (!link || link->purpose != "report" || !link->report_version ||
      !PersonalLinkOpens(link->token_hash, hash, link->expires_at_ms, now_ms)) {
    return Status::Ok();
  }
  return store.FindReport(link->client_id, *link->report_version, out);
}

}  // namespace careerbot::bot
