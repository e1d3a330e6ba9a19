#include "bot/training_report.h"

#include <cmath>

#include "base/calendar_date.h"
#include "storage/store.h"

namespace careerbot::bot {
namespace {

// Hours add up in binary fractions (0.1 + 0.2): the report shows hundredths.
double Hundredths(double hours) { return std::round(hours * 100) / 100; }

nlohmann::json DateOrNull(const std::optional<std::string>& date) { return date ? nlohmann::json(*date) : nlohmann::json(); }

bool InPeriod(const std::string& date, const TrainingPeriod& period) {
  // YYYY-MM-DD dates order as their text does.
  return (!period.from || date >= *period.from) && (!period.to || date <= *period.to);
}

}  // namespace

Status ValidateTrainingPeriod(const TrainingPeriod& period) {
  if (period.from && !IsCalendarDate(*period.from))
    return Status::InvalidArgument("from: must be a calendar date YYYY-MM-DD");
  if (period.to && !IsCalendarDate(*period.to))
    return Status::InvalidArgument("to: must be a calendar date YYYY-MM-DD");
  if (period.from && period.to && *period.from > *period.to)
    return Status::InvalidArgument("from: must not be after to");
  return Status::Ok();
}

Status BuildTrainingReport(storage::Store& store, const TrainingPeriod& period, TrainingReport* report) {
  report->period = period;
  report->staff.clear();
  std::vector<storage::StaffRecord> staff;
  if (Status s = store.ListStaff(&staff); !s.ok()) return s;
  for (storage::StaffRecord& member : staff) {
    std::vector<storage::TrainingRecord> training;
    if (Status s = store.ListTraining(member.id, &training); !s.ok()) return s;
    StaffTraining row;
    row.staff = std::move(member);
    for (const storage::TrainingRecord& t : training) {
      if (!InPeriod(t.date, period)) continue;
      ++row.sessions;
      (t.kind == "practical" ? row.practical_hours : row.knowledge_hours) += t.hours;
    }
    report->staff.push_back(std::move(row));
  }
  return Status::Ok();
}

nlohmann::json TrainingReportJson(const TrainingReport& report) {
  nlohmann::json staff = nlohmann::json::array();
  int sessions = 0, without = 0;
  double knowledge = 0, practical = 0;
  for (const StaffTraining& row : report.staff) {
    staff.push_back({{"staff_id", row.staff.id},
                     {"name", row.staff.name},
                     {"role", row.staff.role},
                     {"title", row.staff.title},
                     {"has_active_token", row.staff.has_active_token},
                     {"sessions", row.sessions},
                     {"knowledge_hours", Hundredths(row.knowledge_hours)},
                     {"practical_hours", Hundredths(row.practical_hours)},
                     {"total_hours", Hundredths(row.knowledge_hours + row.practical_hours)}});
    sessions += row.sessions;
    without += row.sessions == 0 ? 1 : 0;
    knowledge += row.knowledge_hours;
    practical += row.practical_hours;
  }
  return {{"from", DateOrNull(report.period.from)},
          {"to", DateOrNull(report.period.to)},
          {"staff", staff},
          {"totals",
           {{"sessions", sessions},
            {"knowledge_hours", Hundredths(knowledge)},
            {"practical_hours", Hundredths(practical)},
            {"total_hours", Hundredths(knowledge + practical)},
            {"staff_without_training", without}}}};
}

}  // namespace careerbot::bot
