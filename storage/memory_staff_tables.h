// Private to storage/: the in-memory store's staff, tokens, training and audit
// log, with the SQLite store's observable behaviour (ids from 1, the same checks
// in the same order, the same list orders). Thread-safe through its own mutex.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "storage/staff_records.h"

namespace careerbot::storage {

class MemoryStaffTables {
 public:
  Status AddStaff(const StaffRecord& staff, const std::string& token_hash, int64_t at_ms,
                  int64_t* id);
  Status FindStaffByTokenHash(const std::string& hash, std::optional<StaffRecord>* out);
  Status FindStaff(int64_t staff_id, std::optional<StaffRecord>* out);
  Status ListStaff(std::vector<StaffRecord>* out);
  Status RevokeStaffTokens(int64_t staff_id, int64_t at_ms,
                           const std::optional<std::string>& new_hash, int* revoked);
  Status AddTraining(const TrainingRecord& t, int64_t* id);
  Status ListTraining(int64_t staff_id, std::vector<TrainingRecord>* out);
  Status AppendAudit(const AuditEntry& e, int64_t* id);
  Status ListAudit(int64_t after_id, size_t limit, std::vector<AuditEntry>* out);

 private:
  struct Token {
    int64_t staff_id = 0;
    std::optional<int64_t> revoked_at;
  };
  StaffRecord WithTokenFlag(const StaffRecord& s) const;

  std::mutex mu_;
  std::map<int64_t, StaffRecord> staff_;
  std::map<std::string, Token> tokens_;  // by hash: the UNIQUE column
  std::map<int64_t, TrainingRecord> training_;
  std::map<int64_t, AuditEntry> audit_;
  int64_t last_staff_id_ = 0, last_training_id_ = 0, last_audit_id_ = 0;
};

}  // namespace careerbot::storage
