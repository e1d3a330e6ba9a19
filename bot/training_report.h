// The staff training report (specification 3.2.4, "regular training"): every
// staff member's training within a period of days, knowledge and practical hours
// apart, with who had none. Shared by GET /admin/api/v1/training/report and
// `careerbot staff training report`.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "storage/staff_records.h"

namespace careerbot::storage {
class Store;
}

namespace careerbot::bot {

// The days from `from` to `to`, both included, written YYYY-MM-DD; an end not
// given is open.
struct TrainingPeriod {
  std::optional<std::string> from;
  std::optional<std::string> to;
};

// InvalidArgument naming `from` or `to` when one is not a calendar date, or
// when from comes after to.
Status ValidateTrainingPeriod(const TrainingPeriod& period);

struct StaffTraining {
  storage::StaffRecord staff;
  int sessions = 0;
  double knowledge_hours = 0;
  double practical_hours = 0;
};

struct TrainingReport {
  TrainingPeriod period;
  std::vector<StaffTraining> staff;  // every staff member, in id order, with or without training
};

// Reads every staff member and their training within the period (which must be valid).
Status BuildTrainingReport(storage::Store& store, const TrainingPeriod& period, TrainingReport* report);

// {"from", "to" (null when open), "staff": [{staff_id, name, role, title,
// has_active_token, sessions, knowledge_hours, practical_hours, total_hours}],
// "totals": {sessions, knowledge_hours, practical_hours, total_hours,
// staff_without_training}}; hours rounded to hundredths.
nlohmann::json TrainingReportJson(const TrainingReport& report);

}  // namespace careerbot::bot
