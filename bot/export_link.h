// The client's own copy of their data (S-3.5; docs/operations.md, "The client's
// own copy"): "export my data" in the conversation issues a personal link
// (bot/personal_link.h) to GET /x/{token}, which answers the document of
// bot/export_view.h, the one `careerbot export` and the admin API give. Issuing
// and every download are audited ("export_link.issue", "export_link.download";
// staff id null, remote "client", no token and no personal data). Erasing the
// client's data deletes their links. Thread-safe: the store serialises.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/status.h"

namespace careerbot::storage {
class Store;
}

namespace careerbot::bot {

struct Config;

struct ExportLinkSettings {
  std::string public_base_url = "http://127.0.0.1:8080";  // PublicBaseUrl(config)
  int ttl_hours = 24;                                      // privacy.export_link_ttl_hours
};
ExportLinkSettings ExportLinkSettingsOf(const Config& config);

struct IssuedExportLink {
  std::string url;  // public base URL + "/x/" + token: the token's only copy
  int64_t expires_at_ms = 0;
};

// Keeps a new link to the client's copy with its audit entry, in one
// transaction. NotFound for an unknown client; Unavailable when the store or
// the random generator cannot answer now; nothing is kept then.
Status IssueExportLink(storage::Store& store, const ExportLinkSettings& settings, int64_t client_id,
                       int64_t now_ms, IssuedExportLink* out);

// The client whose link the token is, when it works at now_ms; nullopt for a
// malformed, unknown or expired token (the caller answers all three alike).
Status FindExportLinkClient(storage::Store& store, const std::string& token, int64_t now_ms,
                            std::optional<int64_t>* client_id);

}  // namespace careerbot::bot
