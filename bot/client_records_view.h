// The dialog's read-only view of one client's records, over the store. Reads
// happen only when a command asks for them (my data, complaint status), inside
// the client's turn lock.
#pragma once

#include <cstdint>
#include <optional>

#include "dialog/client_records.h"
#include "storage/records.h"

namespace careerbot::storage {
class Store;
}

namespace careerbot::bot {

class ClientRecordsView : public dialog::ClientRecords {
 public:
  ClientRecordsView(storage::Store& store, storage::ClientKey key) : store_(store), key_(std::move(key)) {}

  // A store error reads as "nothing kept": the dialog answers the client anyway,
  // and the error is logged.
  std::vector<dialog::ComplaintInfo> Complaints() const override;
  dialog::ClientDataSummary Summary() const override;

 private:
  std::optional<int64_t> ClientId() const;

  storage::Store& store_;
  storage::ClientKey key_;
};

}  // namespace careerbot::bot
