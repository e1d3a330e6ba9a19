#include "bot/report_service.h"

#include "bot/admin_token.h"
#include "bot/client_record_set.h"
#include "bot/config.h"
#include "bot/report_draft.h"
#include "storage/store.h"

namespace careerbot::bot {
namespace {

// A fresh token and its hash; the expiry from now.
Status NewLink(const Config& config, int64_t now_ms, std::string* token, std::string* hash,
               int64_t* expires_at_ms) {
  if (Status s = GenerateStaffToken(token); !s.ok()) return s;
  *hash = HashStaffToken(*token);
  *expires_at_ms = now_ms + int64_t{config.reports.link_ttl_hours} * 3600 * 1000;
  return Status::Ok();
}

bool WellFormedToken(const std::string& token) {
  if (token.size() != 43) return false;
  for (char c : token) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::string ReportUrl(const Config& config, const std::string& token) {
  const std::string base =
      config.reports.public_base_url.empty() ? "http://" + config.listen : config.reports.public_base_url;
  return base + "/r/" + token;
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
  std::string token, hash;
  int64_t expires = 0;
  if (Status s = NewLink(services.config, now_ms, &token, &hash, &expires); !s.ok()) return s;
  int version = 0;
  Status s = services.store.FinalizeReportDraft(client_id, staff_id, now_ms, hash, expires, &version);
  if (!s.ok()) return s;
  *link = {ReportUrl(services.config, token), expires, version};
  return Status::Ok();
}

Status RenewReportLink(const ReportServices& services, int64_t client_id, int version,
                       int64_t now_ms, ReportLink* link) {
  std::string token, hash;
  int64_t expires = 0;
  if (Status s = NewLink(services.config, now_ms, &token, &hash, &expires); !s.ok()) return s;
  if (Status s = services.store.SetReportLink(client_id, version, hash, expires); !s.ok()) return s;
  *link = {ReportUrl(services.config, token), expires, version};
  return Status::Ok();
}

Status FindReportByLink(storage::Store& store, const std::string& token, int64_t now_ms,
                        std::optional<storage::ReportRecord>* out) {
  out->reset();
  if (!WellFormedToken(token)) return Status::Ok();
  const std::string hash = HashStaffToken(token);
  std::optional<storage::ReportRecord> found;
  if (Status s = store.FindReportByLinkHash(hash, &found); !s.ok()) return s;
  // The index found it by the hash; compare again in constant time, as for staff tokens.
  if (!found || !TokenHashesEqual(found->link_hash, hash)) return Status::Ok();
  if (!found->link_expires_at_ms || *found->link_expires_at_ms <= now_ms) return Status::Ok();
  *out = std::move(found);
  return Status::Ok();
}

}  // namespace careerbot::bot
