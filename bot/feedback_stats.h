// Feedback statistics (specification 6.1): count, mean, distribution of the
// ratings 1-5 and how often the client's goals were met, over a period, overall
// and per counsellor. A rating counts for the counsellor responsible for the
// client's case when it was given (the latest case assignment at or before it,
// storage/complaint_records.h); ratings given while nobody was responsible are
// "unassigned". Reads the store; holds no state.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "storage/complaint_records.h"

namespace careerbot::storage {
class Store;
}

namespace careerbot::bot {

struct FeedbackTally {
  int64_t count = 0, sum = 0;
  std::array<int64_t, 6> by_rating{};  // [1] … [5]
  int64_t goals_yes = 0, goals_partly = 0, goals_no = 0, goals_not_asked = 0;

  void Add(const storage::FeedbackRecord& feedback);
  // {"count", "mean" (null when none), "distribution": {"1"…"5"}, "goals_met":
  // {"yes", "partly", "no", "not_asked"}}.
  nlohmann::json ToJson() const;
};

// UTC milliseconds, both ends included.
struct FeedbackPeriod {
  int64_t from_ms = std::numeric_limits<int64_t>::min();
  int64_t to_ms = std::numeric_limits<int64_t>::max();
};

struct FeedbackComment {
  int64_t client_id = 0;
  int rating = 0;
  std::string comment;
  int64_t at_ms = 0;
  std::optional<int64_t> staff_id;  // the counsellor it counts for
};

struct FeedbackStats {
  FeedbackTally all;
  std::map<int64_t, FeedbackTally> by_counsellor;  // by staff id
  FeedbackTally unassigned;
  std::vector<FeedbackComment> comments;  // by client id, then in the order given
};

// The staff id of the latest assignment at or before at_ms (assignments in the
// order made); nullopt when the case had nobody then.
std::optional<int64_t> AssigneeAt(const std::vector<storage::CaseAssignment>& assignments,
                                  int64_t at_ms);

// Every client's ratings in the period (ratings outside 1-5 are ignored), with
// their attribution and comments.
Status CollectFeedbackStats(storage::Store& store, const FeedbackPeriod& period,
                            FeedbackStats* out);

}  // namespace careerbot::bot
