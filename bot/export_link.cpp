#include "bot/export_link.h"

#include "bot/config.h"
#include "bot/personal_link.h"
#include "storage/store.h"

namespace careerbot::bot {

ExportLinkSettings ExportLinkSettingsOf(const Config& config) {
  return {PublicBaseUrl(config), config.privacy.export_link_ttl_hours};
}

Status IssueExportLink(storage::Store& store, const ExportLinkSettings& settings, int64_t client_id,
                       int64_t now_ms, IssuedExportLink* out) {
  FreshLink fresh;
  if (Status s = NewPersonalLink(now_ms, settings.ttl_hours, &fresh); !s.ok()) return s;
  storage::AuditEntry audit;
  audit.action = "export_link.issue";
  audit.object = "export_link";
  audit.client_id = client_id;
  audit.remote_addr = "client";
  audit.at_ms = now_ms;
  if (Status s = store.IssuePersonalLink(
          {client_id, "export", fresh.hash, now_ms, fresh.expires_at_ms, std::nullopt}, audit);
      !s.ok()) {
    return s;
  }
  *out = {PersonalLinkUrl(settings.public_base_url, "/x/", fresh.token), fresh.expires_at_ms};
  return Status::Ok();
}

Status FindExportLinkClient(storage::Store& store, const std::string& token, int64_t now_ms,
                            std::optional<int64_t>* client_id) {
  client_id->reset();
  const std::string hash = PersonalLinkHash(token);
  if (hash.empty()) return Status::Ok();
  std::optional<storage::PersonalLinkRecord> link;
  if (Status s = store.FindPersonalLink(hash, &link); !s.ok()) return s;
  if (link && link->purpose == "export" && PersonalLinkOpens(link->token_hash, hash, link->expires_at_ms, now_ms)) {
    *client_id = link->client_id;
  }
  return Status::Ok();
}

}  // namespace careerbot::bot
