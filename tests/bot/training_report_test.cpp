// The staff training report (S-3.2.4) over a memory store: who trained how long in
// a period, knowledge and practical apart, who did not, and the period's rules.
#include <doctest/doctest.h>

#include "bot/training_report.h"
#include "storage/memory_store.h"
#include "storage/store.h"

namespace careerbot::bot {
namespace {

using nlohmann::json;

struct StaffWithTraining {
  std::unique_ptr<storage::Store> store = storage::NewMemoryStore();
  int staff_added = 0;

  int64_t Staff(const std::string& name, const std::string& role, const std::string& title) {
    int64_t id = 0;
    const storage::StaffRecord staff{0, name, role, title, "硕士", 0, false, ""};
    const std::string token_hash = std::string(63, '0') + static_cast<char>('1' + staff_added++);
    REQUIRE(store->AddStaff(staff, token_hash, 1, &id).ok());
    return id;
  }
  void Train(int64_t staff_id, const std::string& date, const std::string& kind, double hours) {
    storage::TrainingRecord t;
    t.staff_id = staff_id;
    t.date = date;
    t.topic = "生涯咨询技术";
    t.kind = kind;
    t.hours = hours;
    t.created_at_ms = 1;
    int64_t id = 0;
    REQUIRE(store->AddTraining(t, &id).ok());
  }
  json Report(std::optional<std::string> from, std::optional<std::string> to) {
    TrainingReport report;
    REQUIRE(BuildTrainingReport(*store, TrainingPeriod{from, to}, &report).ok());
    json out = TrainingReportJson(report);
    for (json& row : out.at("staff")) row.erase("has_active_token");
    return out;
  }
};

TEST_CASE("training report: each staff member's sessions and hours in the period, both days included") {
  StaffWithTraining s;
  const int64_t wang = s.Staff("王老师", "professional", "consultant");
  const int64_t li = s.Staff("李助理", "auxiliary", "assessor");
  s.Staff("Admin", "admin", "admin");
  s.Train(wang, "2026-01-01", "knowledge", 4);
  s.Train(wang, "2026-06-30", "practical", 2.5);
  s.Train(wang, "2027-01-01", "knowledge", 8);  // after the period
  s.Train(li, "2025-12-31", "practical", 3);    // before it
  s.Train(li, "2026-03-15", "knowledge", 0.1);
  s.Train(li, "2026-03-16", "knowledge", 0.2);  // 0.1 + 0.2 shows as 0.3

  CHECK(s.Report("2026-01-01", "2026-12-31") == json::parse(R"({
    "from": "2026-01-01", "to": "2026-12-31",
    "staff": [
      {"staff_id": 1, "name": "王老师", "role": "professional", "title": "consultant",
       "sessions": 2, "knowledge_hours": 4.0, "practical_hours": 2.5, "total_hours": 6.5},
      {"staff_id": 2, "name": "李助理", "role": "auxiliary", "title": "assessor",
       "sessions": 2, "knowledge_hours": 0.3, "practical_hours": 0.0, "total_hours": 0.3},
      {"staff_id": 3, "name": "Admin", "role": "admin", "title": "admin",
       "sessions": 0, "knowledge_hours": 0.0, "practical_hours": 0.0, "total_hours": 0.0}],
    "totals": {"sessions": 4, "knowledge_hours": 4.3, "practical_hours": 2.5, "total_hours": 6.8,
               "staff_without_training": 1}})"));

  // Open ends take everything on that side.
  const json all = s.Report(std::nullopt, std::nullopt);
  CHECK(all.at("from").is_null());
  CHECK(all.at("to").is_null());
  CHECK(all.at("totals") == json::parse(R"({"sessions": 6, "knowledge_hours": 12.3, "practical_hours": 5.5,
                                            "total_hours": 17.8, "staff_without_training": 1})"));
  CHECK(s.Report("2026-06-30", std::nullopt).at("totals").at("sessions") == 2);
  CHECK(s.Report(std::nullopt, "2025-12-31").at("totals").at("sessions") == 1);
  // One day.
  CHECK(s.Report("2026-03-15", "2026-03-15").at("staff").at(1).at("knowledge_hours") == 0.1);
}

TEST_CASE("training report: a period of days that are not in the calendar, or backwards, is refused") {
  auto message = [](std::optional<std::string> from, std::optional<std::string> to) {
    return ValidateTrainingPeriod(TrainingPeriod{from, to}).message();
  };
  CHECK(ValidateTrainingPeriod({}).ok());
  CHECK(ValidateTrainingPeriod({"2028-02-29", "2028-02-29"}).ok());
  CHECK(message("2026-02-29", std::nullopt) == "from: must be a calendar date YYYY-MM-DD");
  CHECK(message("", std::nullopt) == "from: must be a calendar date YYYY-MM-DD");
  CHECK(message(std::nullopt, "2026-13-01") == "to: must be a calendar date YYYY-MM-DD");
  CHECK(message(std::nullopt, "26-01-01") == "to: must be a calendar date YYYY-MM-DD");
  CHECK(message("2026-02-02", "2026-02-01") == "from: must not be after to");
}

}  // namespace
}  // namespace careerbot::bot
