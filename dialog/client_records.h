// ClientRecords: what the dialog may read of the client's stored records during a
// turn (their complaints' status, a summary of what is kept about them), and the
// link to their copy of it. bot/ implements it over the store, so the dialog
// stays free of I/O types; it is used only when a command needs it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace careerbot::dialog {

struct ComplaintInfo {
  std::string ticket;
  std::string status;  // "received", "acknowledged", "investigating", "resolved", "rejected", "closed"
  int64_t filed_at_ms = 0;
};

struct ConsentInfo {
  std::string document;  // "privacy_notice" | "service_agreement"
  std::string version;
  bool accepted = false;
  int64_t at_ms = 0;
};

struct ClientDataSummary {
  std::vector<std::pair<std::string, std::string>> profile;  // field id → stored value
  std::vector<ConsentInfo> consents;
  int results = 0, answers = 0, plans = 0, feedback = 0, complaints = 0, messages = 0;
};

// The address of the client's copy of everything kept about them, and for how
// many hours it works.
struct ExportLinkInfo {
  std::string url;
  int valid_hours = 0;
};

class ClientRecords {
 public:
  virtual ~ClientRecords() = default;
  // Empty lists when the client has no records (or is not known yet).
  virtual std::vector<ComplaintInfo> Complaints() const = 0;
  virtual ClientDataSummary Summary() const = 0;
  // Issues a new link to the client's copy of their data (kept, with its audit
  // entry, before it returns), or nullopt when none could be issued; the
  // implementation then fails the turn, so what the dialog says is never shown.
  virtual std::optional<ExportLinkInfo> IssueExportLink() const = 0;
};

}  // namespace careerbot::dialog
