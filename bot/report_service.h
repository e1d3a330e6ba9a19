// The career-planning report's workflow (S-4.6.1, S-5.5; docs/reports.md): draft
// from the client's records, edit sections, finalize into a numbered version
// with a link, and read a version by its link. Used by the admin routes
// (report_routes.cpp) and by whoever tells the client about their report.
//
// A link is a personal link (bot/personal_link.h): the store keeps only its
// token's SHA-256 and an expiry (reports.link_ttl_hours). The token is in the
// answer of the call that made it and nowhere else. Thread-safe: the store
// serialises what it must.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/status.h"
#include "knowledge/lang.h"
#include "storage/report_records.h"

namespace careerbot::knowledge {
struct KnowledgeBase;
}
namespace careerbot::storage {
class Store;
struct AuditEntry;
}

namespace careerbot::bot {

struct Config;

struct ReportServices {
  storage::Store& store;
  const knowledge::KnowledgeBase& kb;
  const Config& config;
};

// What the client is sent: the page's absolute address and until when it works.
struct ReportLink {
  std::string url;  // reports.public_base_url + "/r/" + token
  int64_t expires_at_ms = 0;
  int version = 0;
};

// Drafts the client's report from their records (report_draft.h) in `lang`, or in
// the language they were served in. AlreadyExists when a draft exists and not
// `replace`; NotFound for an unknown client. *out (optional) receives the draft.
Status DraftReport(const ReportServices& services, int64_t client_id, int64_t staff_id,
                   std::optional<knowledge::Lang> lang, bool replace, int64_t now_ms,
                   storage::ReportRecord* out);

// Freezes the client's draft as the next version, made by `staff_id` (a
// professional: the caller checks), with a new link valid for
// reports.link_ttl_hours from now_ms; files it in the client's archive. NotFound
// when there is no draft. The integrator sends link->url to the client in their
// channel (a staff-initiated turn); this function sends nothing.
Status FinalizeReport(const ReportServices& services, int64_t client_id, int64_t staff_id,
                      int64_t now_ms, ReportLink* link);

// A new link for a finalized version (the old one stops working): for a client
// whose link expired or was lost; kept with `audit` in one transaction (a
// personal link of purpose "report", storage/link_records.h). NotFound for a
// version the client lacks.
Status RenewReportLink(const ReportServices& services, int64_t client_id, int version,
                       int64_t now_ms, const storage::AuditEntry& audit, ReportLink* link);

// The report version a client's link shows at now_ms: nullopt when the token is
// malformed, unknown or expired (the caller answers all three the same way).
Status FindReportByLink(storage::Store& store, const std::string& token, int64_t now_ms,
                        std::optional<storage::ReportRecord>* out);

// The absolute URL of a token under the configured public base URL.
std::string ReportUrl(const Config& config, const std::string& token);

}  // namespace careerbot::bot
