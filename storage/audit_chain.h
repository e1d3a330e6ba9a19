// The tamper-evident audit log (S-3.5.3): each entry carries the SHA-256 of the
// entry before it (AuditEntry::prev_hash), so changing or removing an entry
// breaks the chain at the entry after it. Both stores chain entries as they
// append them; migration 6 chained the entries written before.
//
// What it shows and what it does not: an edit, deletion or insertion in the
// middle of the log. Rewriting the whole chain from some entry to the end, or
// dropping the last entries, needs an anchor kept elsewhere: verify-audit prints
// the head hash for an operator to record (docs/operations.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "storage/staff_records.h"

namespace careerbot::storage {

// The prev_hash of the first entry: 64 zeros.
extern const char kAuditChainStart[];

// The lowercase hex SHA-256 of the entry's fields and its prev_hash, each
// length-prefixed so that no two entries encode alike.
std::string AuditEntryHash(const AuditEntry& entry);

// Checks a log entry by entry, in id order.
class AuditChainVerifier {
 public:
  // False at the first entry whose prev_hash is not the hash of the entry
  // before (or kAuditChainStart for the first); later calls change nothing.
  bool Add(const AuditEntry& entry);
  std::optional<int64_t> broken_at() const { return broken_at_; }
  // The entry before the break (0: none); the hash of the last entry checked.
  int64_t last_good_id() const { return last_id_; }
  const std::string& head_hash() const { return head_; }
  int64_t entries() const { return entries_; }

 private:
  std::string head_ = kAuditChainStart;
  int64_t last_id_ = 0;
  int64_t entries_ = 0;
  std::optional<int64_t> broken_at_;
};

}  // namespace careerbot::storage
