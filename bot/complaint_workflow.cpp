#include "bot/complaint_workflow.h"

#include <algorithm>
#include <tuple>
#include <utility>

namespace careerbot::bot {
namespace {

struct StateRow {
  std::string state;
  std::vector<std::string> moves;  // the states it may move to
};

// THE table of allowed moves (specification 6.2): every other move is refused.
const std::vector<StateRow>& StateTable() {
  static const std::vector<StateRow> table = {
      {"received", {"acknowledged"}},
      {"acknowledged", {"investigating"}},
      {"investigating", {"resolved", "rejected"}},
      {"resolved", {"closed"}},
      {"rejected", {"closed"}},
      {"closed", {}},
  };
  return table;
}

// The limit that applies in each state: its configuration key and hours.
std::pair<const char*, int> LimitOf(const ComplaintTimeLimits& limits, const std::string& status) {
  if (status == "received") return {"acknowledge_hours", limits.acknowledge_hours};
  if (status == "acknowledged") return {"investigate_hours", limits.investigate_hours};
  if (status == "investigating") return {"resolve_hours", limits.resolve_hours};
  if (status == "resolved" || status == "rejected") return {"close_hours", limits.close_hours};
  return {"", -1};
}

constexpr int64_t kHourMs = 3600 * 1000;

}  // namespace

const std::vector<std::string>& AllowedComplaintMoves(const std::string& status) {
  static const std::vector<std::string> none;
  for (const StateRow& row : StateTable()) {
    if (row.state == status) return row.moves;
  }
  return none;
}

const std::vector<std::string>& ComplaintStates() {
  static const std::vector<std::string> states = [] {
    std::vector<std::string> v;
    for (const StateRow& row : StateTable()) v.push_back(row.state);
    return v;
  }();
  return states;
}

Status ValidateComplaintTimeLimits(const ComplaintTimeLimits& limits) {
  const std::pair<const char*, int> steps[] = {{"acknowledge_hours", limits.acknowledge_hours},
                                               {"investigate_hours", limits.investigate_hours},
                                               {"resolve_hours", limits.resolve_hours},
                                               {"close_hours", limits.close_hours}};
  for (size_t i = 0; i < std::size(steps); ++i) {
    const std::string key = std::string("complaints.time_limits.") + steps[i].first;
    if (steps[i].second < 1) return Status::InvalidArgument(key + ": must be at least 1");
    // Counted from the filing, a later step cannot be due before an earlier one.
    if (i > 0 && steps[i].second < steps[i - 1].second) {
      return Status::InvalidArgument(key + ": must not be shorter than complaints.time_limits." +
                                     steps[i - 1].first);
    }
  }
  return Status::Ok();
}

int64_t ComplaintDueAtMs(const ComplaintTimeLimits& limits, const std::string& status,
                         int64_t filed_at_ms) {
  const int hours = LimitOf(limits, status).second;
  return hours < 0 ? -1 : filed_at_ms + hours * kHourMs;
}

std::vector<OverdueComplaint> FindOverdueComplaints(
    const std::vector<storage::ComplaintHandling>& complaints, const ComplaintTimeLimits& limits,
    int64_t now_ms) {
  std::vector<OverdueComplaint> out;
  for (const storage::ComplaintHandling& h : complaints) {
    const int64_t due = ComplaintDueAtMs(limits, h.complaint.status, h.complaint.filed_at_ms);
    if (due < 0 || now_ms <= due) continue;
    out.push_back({h, LimitOf(limits, h.complaint.status).first, due, now_ms - due});
  }
  std::stable_sort(out.begin(), out.end(), [](const OverdueComplaint& a, const OverdueComplaint& b) {
    return std::make_tuple(-a.overdue_ms, a.handling.complaint.ticket) <
           std::make_tuple(-b.overdue_ms, b.handling.complaint.ticket);
  });
  return out;
}

ClientMessage ComplaintAnswerMessage(const ComplaintAnswered& answered) {
  return {"complaint.answered", {{"ticket", answered.ticket}, {"answer", answered.answer}}};
}

}  // namespace careerbot::bot
