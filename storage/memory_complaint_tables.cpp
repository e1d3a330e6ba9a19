#include "storage/memory_complaint_tables.h"

namespace careerbot::storage {
namespace {

// The rows of `rows` for which keep(row) holds, in order.
template <typename Row, typename Keep>
std::vector<Row> Where(const std::vector<Row>& rows, Keep keep) {
  std::vector<Row> out;
  for (const Row& r : rows) {
    if (keep(r)) out.push_back(r);
  }
  return out;
}

}  // namespace

std::optional<int64_t> MemoryComplaintTables::Assignee(const std::string& ticket) const {
  auto it = assignees_.find(ticket);
  return it == assignees_.end() ? std::nullopt : std::optional<int64_t>(it->second);
}

bool MemoryComplaintTables::Apply(const ComplaintChange& change, ComplaintRecord* complaint) {
  std::optional<std::string> current = complaint->status;
  if (change.field == "assignee") {
    const std::optional<int64_t> assignee = Assignee(change.ticket);
    current = assignee ? std::optional<std::string>(std::to_string(*assignee)) : std::nullopt;
  }
  if (current != change.from) return false;
  if (change.field == "status") {
    complaint->status = *change.to;
  } else {
    assignees_[change.ticket] = std::stoll(*change.to);
  }
  complaint->updated_at_ms = change.at_ms;
  ComplaintChange row = change;
  row.id = static_cast<int64_t>(changes_.size()) + 1;
  changes_.push_back(row);
  return true;
}

std::vector<ComplaintChange> MemoryComplaintTables::History(const std::string& ticket) const {
  return Where(changes_, [&](const ComplaintChange& c) { return c.ticket == ticket; });
}

int64_t MemoryComplaintTables::AddAnswer(const ComplaintAnswer& answer, ComplaintRecord* complaint) {
  ComplaintAnswer row = answer;
  row.id = static_cast<int64_t>(answers_.size()) + 1;
  answers_.push_back(row);
  complaint->updated_at_ms = answer.at_ms;
  return row.id;
}

std::vector<ComplaintAnswer> MemoryComplaintTables::Answers(const std::string& ticket) const {
  return Where(answers_, [&](const ComplaintAnswer& a) { return a.ticket == ticket; });
}

int64_t MemoryComplaintTables::AddAssignment(const CaseAssignment& assignment) {
  CaseAssignment row = assignment;
  row.id = static_cast<int64_t>(assignments_.size()) + 1;
  assignments_.push_back(row);
  return row.id;
}

std::vector<CaseAssignment> MemoryComplaintTables::Assignments(int64_t client_id) const {
  return Where(assignments_, [&](const CaseAssignment& a) { return a.client_id == client_id; });
}

}  // namespace careerbot::storage
