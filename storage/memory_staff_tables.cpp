#include "storage/memory_staff_tables.h"

#include "storage/audit_chain.h"

#include <algorithm>
#include <tuple>

namespace careerbot::storage {

StaffRecord MemoryStaffTables::WithTokenFlag(const StaffRecord& s) const {
  StaffRecord out = s;
  out.has_active_token = std::any_of(tokens_.begin(), tokens_.end(), [&](const auto& entry) {
    return entry.second.staff_id == s.id && !entry.second.revoked_at;
  });
  return out;
}

Status MemoryStaffTables::AddStaff(const StaffRecord& staff, const std::string& token_hash,
                                   int64_t at_ms, int64_t* id) {
  Status s = ValidateStaff(staff);
  if (s.ok()) s = ValidateTokenHash(token_hash);
  if (!s.ok()) return s;
  std::lock_guard lock(mu_);
  if (tokens_.count(token_hash))
    return Status::AlreadyExists("add staff token: this token is already stored");
  StaffRecord row = staff;
  row.id = ++last_staff_id_;
  row.created_at_ms = at_ms;
  row.has_active_token = false;
  staff_[row.id] = row;
  tokens_[token_hash] = {row.id, std::nullopt};
  if (id != nullptr) *id = row.id;
  return Status::Ok();
}

Status MemoryStaffTables::FindStaffByTokenHash(const std::string& hash,
                                               std::optional<StaffRecord>* out) {
  out->reset();
  std::lock_guard lock(mu_);
  auto it = tokens_.find(hash);
  if (it != tokens_.end() && !it->second.revoked_at) {
    *out = WithTokenFlag(staff_.at(it->second.staff_id));
    (*out)->token_hash = it->first;
  }
  return Status::Ok();
}

Status MemoryStaffTables::FindStaff(int64_t staff_id, std::optional<StaffRecord>* out) {
  out->reset();
  std::lock_guard lock(mu_);
  auto it = staff_.find(staff_id);
  if (it != staff_.end()) *out = WithTokenFlag(it->second);
  return Status::Ok();
}

Status MemoryStaffTables::ListStaff(std::vector<StaffRecord>* out) {
  std::lock_guard lock(mu_);
  out->clear();
  for (const auto& [unused, s] : staff_) out->push_back(WithTokenFlag(s));
  return Status::Ok();
}

Status MemoryStaffTables::RevokeStaffTokens(int64_t staff_id, int64_t at_ms,
                                            const std::optional<std::string>& new_hash,
                                            int* revoked) {
  if (new_hash) {
    if (Status s = ValidateTokenHash(*new_hash); !s.ok()) return s;
  }
  std::lock_guard lock(mu_);
  if (!staff_.count(staff_id))
    return Status::NotFound("no staff member " + std::to_string(staff_id));
  if (new_hash && tokens_.count(*new_hash)) {
    return Status::AlreadyExists("add staff token: this token is already stored");
  }
  int count = 0;
  for (auto& [unused, token] : tokens_) {
    if (token.staff_id == staff_id && !token.revoked_at) {
      token.revoked_at = at_ms;
      ++count;
    }
  }
  if (new_hash) tokens_[*new_hash] = {staff_id, std::nullopt};
  if (revoked != nullptr) *revoked = count;
  return Status::Ok();
}

Status MemoryStaffTables::AddTraining(const TrainingRecord& t, int64_t* id) {
  if (Status s = ValidateTraining(t); !s.ok()) return s;
  std::lock_guard lock(mu_);
  if (!staff_.count(t.staff_id))
    return Status::NotFound("no staff member " + std::to_string(t.staff_id));
  TrainingRecord row = t;
  row.id = ++last_training_id_;
  training_[row.id] = row;
  if (id != nullptr) *id = row.id;
  return Status::Ok();
}

Status MemoryStaffTables::ListTraining(int64_t staff_id, std::vector<TrainingRecord>* out) {
  std::lock_guard lock(mu_);
  out->clear();
  for (const auto& [unused, t] : training_) {
    if (t.staff_id == staff_id) out->push_back(t);
  }
  std::stable_sort(out->begin(), out->end(), [](const TrainingRecord& x, const TrainingRecord& y) {
    return std::tie(x.date, x.id) < std::tie(y.date, y.id);
  });
  return Status::Ok();
}

Status MemoryStaffTables::AppendAudit(const AuditEntry& e, int64_t* id) {
  if (Status s = ValidateAuditEntry(e); !s.ok()) return s;
  std::lock_guard lock(mu_);
  if (e.staff_id && !staff_.count(*e.staff_id))
    return Status::NotFound("append audit entry: no such staff member");
  AuditEntry row = e;
  row.id = ++last_audit_id_;
  row.prev_hash = audit_.empty() ? std::string(kAuditChainStart) : AuditEntryHash(audit_.rbegin()->second);
  audit_[row.id] = row;
  if (id != nullptr) *id = row.id;
  return Status::Ok();
}

Status MemoryStaffTables::ListAudit(int64_t after_id, size_t limit, std::vector<AuditEntry>* out) {
  std::lock_guard lock(mu_);
  out->clear();
  for (auto it = audit_.upper_bound(after_id); it != audit_.end() && out->size() < limit; ++it) {
    out->push_back(it->second);
  }
  return Status::Ok();
}

}  // namespace careerbot::storage
