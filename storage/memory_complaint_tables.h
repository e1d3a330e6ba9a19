// Private to storage/: the in-memory store's complaint handling (history,
// answers, assignees) and case assignments, with the SQLite store's observable
// behaviour (ids from 1, lists in the order written). Not thread-safe on its own:
// MemoryStore calls it under its mutex, because a change must happen together
// with the complaint's status, which the store keeps with the client.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "storage/complaint_records.h"

namespace careerbot::storage {

class MemoryComplaintTables {
 public:
  std::optional<int64_t> Assignee(const std::string& ticket) const;
  // Applies a valid change to `complaint` (its status, or the assignee kept
  // here) and appends it to the history, when the current value is change.from;
  // false (nothing changed) otherwise.
  bool Apply(const ComplaintChange& change, ComplaintRecord* complaint);
  std::vector<ComplaintChange> History(const std::string& ticket) const;
  // Keeps a valid answer and sets the complaint's updated time; returns its id.
  int64_t AddAnswer(const ComplaintAnswer& answer, ComplaintRecord* complaint);
  std::vector<ComplaintAnswer> Answers(const std::string& ticket) const;
  // Keeps a valid assignment; returns its id.
  int64_t AddAssignment(const CaseAssignment& assignment);
  std::vector<CaseAssignment> Assignments(int64_t client_id) const;

 private:
  std::map<std::string, int64_t> assignees_;  // by ticket
  std::vector<ComplaintChange> changes_;
  std::vector<ComplaintAnswer> answers_;
  std::vector<CaseAssignment> assignments_;
};

}  // namespace careerbot::storage
