// The dialog's view of one client's records, over the store. Reads happen only
// when a command asks for them (my data, complaint status), inside the client's
// turn lock; so does issuing the link to their copy (export my data).
#pragma once

#include <cstdint>
#include <optional>

#include "base/status.h"
#include "bot/export_link.h"
#include "dialog/client_records.h"
#include "storage/records.h"

namespace careerbot::storage {
class Store;
}

namespace careerbot::bot {

class ClientRecordsView : public dialog::ClientRecords {
 public:
  // now_ms: the turn's time, when a link issued in it starts.
  ClientRecordsView(storage::Store& store, storage::ClientKey key, ExportLinkSettings links = {}, int64_t now_ms = 0)
      : store_(store), key_(std::move(key)), links_(std::move(links)), now_ms_(now_ms) {}

  // A store error reads as "nothing kept": the dialog answers the client anyway,
  // and the error is logged.
  std::vector<dialog::ComplaintInfo> Complaints() const override;
  dialog::ClientDataSummary Summary() const override;
  // A store that cannot issue the link fails the turn: failure() says why.
  std::optional<dialog::ExportLinkInfo> IssueExportLink() const override;

  // OK, or why a link could not be issued (the turn must then not be committed).
  const Status& failure() const { return failure_; }

 private:
  std::optional<int64_t> ClientId() const;

  storage::Store& store_;
  storage::ClientKey key_;
  ExportLinkSettings links_;
  int64_t now_ms_;
  mutable Status failure_;
};

}  // namespace careerbot::bot
