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
                       int64_t now_ms, ReportLink* link) {
  FreshLink fresh;
  if (Status s = NewPersonalLink(now_ms, services.config.reports.link_ttl_hours, &fresh); !s.ok()) return s;
  if (Status s = services.store.SetReportLink(client_id, version, fresh.hash, fresh.expires_at_ms); !s.ok()) return s;
  *link = {ReportUrl(services.config, fresh.token), fresh.expires_at_ms, version};
  return Status::Ok();
}

Status FindReportByLink(storage::Store& store, const std::string& token, int64_t now_ms,
                        std::optional<storage::ReportRecord>* out) {
  out->reset();
  const std::string hash = PersonalLinkHash(token);
  if (hash.empty()) return Status::Ok();
  std::optional<storage::ReportRecord> found;
  if (Status s = store.FindReportByLinkHash(hash, &found); !s.ok()) return s;
  if (!found || !PersonalLinkOpens(found->link_hash, hash, found->link_expires_at_ms, now_ms)) return Status::Ok();
  *out = std::move(found);
  return Status::Ok();
}

}  // namespace careerbot::bot
