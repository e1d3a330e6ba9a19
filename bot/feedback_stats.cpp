#include "bot/feedback_stats.h"

#include <string>

#include "bot/client_pages.h"
#include "storage/store.h"

namespace careerbot::bot {

using nlohmann::json;

void FeedbackTally::Add(const storage::FeedbackRecord& f) {
  ++count;
  sum += f.rating;
  ++by_rating[static_cast<size_t>(f.rating)];
  const std::string g = f.goals_met.value_or("");
  (g == "yes" ? goals_yes : g == "partly" ? goals_partly : g == "no" ? goals_no : goals_not_asked)++;
}

json FeedbackTally::ToJson() const {
  json distribution = json::object();
  for (size_t r = 1; r <= 5; ++r) distribution[std::to_string(r)] = by_rating[r];
  return {{"count", count},
          {"mean", count ? json(static_cast<double>(sum) / static_cast<double>(count)) : json(nullptr)},
          {"distribution", distribution},
          {"goals_met",
           {{"yes", goals_yes}, {"partly", goals_partly}, {"no", goals_no}, {"not_asked", goals_not_asked}}}};
}

std::optional<int64_t> AssigneeAt(const std::vector<storage::CaseAssignment>& assignments,
                                  int64_t at_ms) {
  std::optional<int64_t> who;
  for (const storage::CaseAssignment& a : assignments) {
    if (a.at_ms <= at_ms) who = a.staff_id;  // in the order made: the last one before counts
  }
  return who;
}

Status CollectFeedbackStats(storage::Store& store, const FeedbackPeriod& period,
                            FeedbackStats* out) {
  *out = FeedbackStats();
  return ForEachClient(store, 0, [&](const storage::ClientSummary& c, bool*) {
    std::vector<storage::FeedbackRecord> feedback;
    std::vector<storage::CaseAssignment> assignments;
    Status s = store.ListFeedback(c.client_id, &feedback);
    if (s.ok() && !feedback.empty()) s = store.ListCaseAssignments(c.client_id, &assignments);
    if (!s.ok()) return s;
    for (const storage::FeedbackRecord& f : feedback) {
      if (f.at_ms < period.from_ms || f.at_ms > period.to_ms || f.rating < 1 || f.rating > 5) continue;
      const std::optional<int64_t> staff = AssigneeAt(assignments, f.at_ms);
      out->all.Add(f);
      (staff ? out->by_counsellor[*staff] : out->unassigned).Add(f);
      if (f.comment && !f.comment->empty()) {
        out->comments.push_back({c.client_id, f.rating, *f.comment, f.at_ms, staff});
      }
    }
    return Status::Ok();
  });
}

}  // namespace careerbot::bot
