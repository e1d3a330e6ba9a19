#include "bot/staff_commands.h"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <map>
#include <memory>
#include <ostream>
#include <set>

#include "bot/admin_token.h"
#include "bot/commands.h"
#include "bot/training_report.h"
#include "bot/verb_arguments.h"
#include "storage/sqlite_store.h"
#include "storage/store.h"

namespace careerbot::bot {
namespace {

int64_t Now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

using Parsed = VerbArguments;

bool Parse(const std::vector<std::string>& args, size_t from, const std::set<std::string>& allowed,
           Parsed* p, std::string* error) {
  return ParseVerbArguments(args, from, allowed, "", p, error);
}

bool ParseStaffId(const std::string& text, int64_t* id) {
  if (text.empty() || text.size() > 18 || text[0] == '0') return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  *id = std::stoll(text);
  return true;
}

class StaffCommand {
 public:
  StaffCommand(std::ostream& out, std::ostream& err) : out_(out), err_(err) {}

  int Run(const std::vector<std::string>& args) {
    if (args.size() < 2 || args[1].rfind("--", 0) == 0)
      return Usage("staff needs a command: add, list, revoke, rotate or training");
    const std::string verb = args[1];
    const bool training = verb == "training";
    if (training && (args.size() < 3 || (args[2] != "add" && args[2] != "list" && args[2] != "report"))) {
      return Usage("staff training needs add, list or report");
    }
    std::set<std::string> allowed = {"--config", "--data-dir"};
    if (verb == "add") allowed.insert({"--name", "--role", "--title", "--education"});
    if (training && args[2] == "add") allowed.insert({"--date", "--topic", "--kind", "--hours"});
    if (training && args[2] == "report") allowed.insert({"--from", "--to"});
    if (!training && verb != "add" && verb != "list" && verb != "revoke" && verb != "rotate") {
      return Usage("unknown staff command \"" + verb + "\"");
    }
    Parsed p;
    std::string error;
    if (!Parse(args, training ? 3 : 2, allowed, &p, &error))
      return Usage(error + " for staff " + verb);
    const size_t want = (verb == "add" || verb == "list" || (training && args[2] == "report")) ? 0 : 1;
    if (p.positional.size() != want) {
      const std::string command = "staff " + verb + (training ? " " + args[2] : "");
      return Usage(command + (want ? " needs one staff ID" : " takes no arguments"));
    }
    int64_t id = 0;
    if (want && !ParseStaffId(p.positional[0], &id))
      return Usage("the staff ID must be a positive integer");
    // Check every value before the store is opened: bad usage changes nothing.
    if (verb == "add") {
      for (const char* name : {"--name", "--role", "--title", "--education"}) {
        if (!p.options.count(name)) return Usage(std::string("staff add needs ") + name);
      }
      staff_ = {0,
                p.options["--name"],
                p.options["--role"],
                p.options["--title"],
                p.options["--education"],
                0,
                false,
                ""};
      if (Status s = storage::ValidateStaff(staff_); !s.ok()) return Usage("--" + s.message());
    }
    if (training && args[2] == "add") {
      for (const char* name : {"--date", "--topic", "--kind", "--hours"}) {
        if (!p.options.count(name)) return Usage(std::string("staff training add needs ") + name);
      }
      training_.staff_id = id;
      training_.date = p.options["--date"];
      training_.topic = p.options["--topic"];
      training_.kind = p.options["--kind"];
      if (!ParseHours(p.options["--hours"], &training_.hours)) {
        return Usage("--hours: must be a number more than 0 and at most 1000 (e.g. 1.5)");
      }
      if (Status s = storage::ValidateTraining(training_); !s.ok())
        return Usage("--" + s.message());
    }
    if (training && args[2] == "report") {
      if (p.options.count("--from")) period_.from = p.options["--from"];
      if (p.options.count("--to")) period_.to = p.options["--to"];
      if (Status s = ValidateTrainingPeriod(period_); !s.ok()) return Usage("--" + s.message());
    }
    if (int rc = OpenStore(p); rc != 0) return rc;
    if (verb == "add") return Add();
    if (verb == "list") return List();
    if (verb == "revoke") return Revoke(id, false);
    if (verb == "rotate") return Revoke(id, true);
    if (args[2] == "report") return ReportTraining();
    return args[2] == "add" ? AddTraining(id) : ListTraining(id);
  }

 private:
  int Usage(const std::string& message) {
    err_ << "careerbot: " << message << " (see careerbot --help)\n";
    return 2;
  }
  int Fail(const Status& s) {
    err_ << "careerbot: " << s.message() << "\n";
    return 1;
  }

  static bool ParseHours(const std::string& text, double* hours) {
    if (text.empty() || text.size() > 12) return false;
    size_t used = 0;
    try {
      *hours = std::stod(text, &used);
    } catch (const std::exception&) {
      return false;
    }
    return used == text.size() && std::isfinite(*hours);
  }

  int OpenStore(const Parsed& p) {
    CommandLine cl;
    cl.verb = "staff";
    if (auto it = p.options.find("--config"); it != p.options.end()) cl.config_file = it->second;
    if (auto it = p.options.find("--data-dir"); it != p.options.end()) cl.data_dir = it->second;
    Config config;
    if (Status s = ResolveConfig(cl, &config); !s.ok()) return Fail(s);
    std::error_code ec;
    std::filesystem::create_directories(config.data_dir, ec);
    if (ec)
      return Fail(Status::Unavailable(config.data_dir +
                                      ": cannot create the data directory: " + ec.message()));
    storage::SqliteOptions options;
    options.path = (std::filesystem::path(config.data_dir) / "careerbot.db").string();
    if (Status s = storage::OpenSqliteStore(options, &store_); !s.ok()) return Fail(s);
    return 0;
  }

  Status Audit(const std::string& action, const std::string& object) {
    return store_->AppendAudit({0, std::nullopt, action, object, std::nullopt, "cli", Now(), ""},
                               nullptr);
  }

  int Add() {
    std::string token;
    int64_t id = 0;
    Status s = GenerateStaffToken(&token);
    if (s.ok()) s = store_->AddStaff(staff_, HashStaffToken(token), Now(), &id);
    if (s.ok()) s = Audit("staff.create", "staff:" + std::to_string(id));
    if (!s.ok()) return Fail(s);
    out_ << "staff_id: " << id << "\ntoken: " << token << "\n";
    err_ << "careerbot: keep the token now; it is not shown again (staff rotate " << id
         << " makes a new one)\n";
    return 0;
  }

  int List() {
    std::vector<storage::StaffRecord> staff;
    if (Status s = store_->ListStaff(&staff); !s.ok()) return Fail(s);
    out_ << "id\trole\ttitle\ttoken\tname\teducation\n";
    for (const auto& s : staff) {
      out_ << s.id << "\t" << s.role << "\t" << s.title << "\t"
           << (s.has_active_token ? "active" : "revoked") << "\t" << s.name << "\t" << s.education
           << "\n";
    }
    return 0;
  }

  int Revoke(int64_t id, bool rotate) {
    std::string token;
    std::optional<std::string> hash;
    if (rotate) {
      if (Status s = GenerateStaffToken(&token); !s.ok()) return Fail(s);
      hash = HashStaffToken(token);
    }
    int revoked = 0;
    Status s = store_->RevokeStaffTokens(id, Now(), hash, &revoked);
    if (s.ok())
      s = Audit(rotate ? "staff.token_rotate" : "staff.token_revoke",
                "staff:" + std::to_string(id));
    if (!s.ok()) return Fail(s);
    if (rotate) {
      out_ << "staff_id: " << id << "\ntoken: " << token << "\n";
    } else {
      out_ << "revoked " << revoked << " token(s) of staff " << id << "\n";
    }
    return 0;
  }

  int AddTraining(int64_t id) {
    training_.created_at_ms = Now();
    int64_t training_id = 0;
    Status s = store_->AddTraining(training_, &training_id);
    if (s.ok())
      s = Audit("training.create",
                "staff:" + std::to_string(id) + "/training:" + std::to_string(training_id));
    if (!s.ok()) return Fail(s);
    out_ << "training " << training_id << " recorded for staff " << id << "\n";
    return 0;
  }

  int ListTraining(int64_t id) {
    std::optional<storage::StaffRecord> staff;
    std::vector<storage::TrainingRecord> training;
    Status s = store_->FindStaff(id, &staff);
    if (s.ok() && !staff) s = Status::NotFound("no staff member " + std::to_string(id));
    if (s.ok()) s = store_->ListTraining(id, &training);
    if (!s.ok()) return Fail(s);
    out_ << "id\tdate\tkind\thours\ttopic\n";
    for (const auto& t : training) {
      out_ << t.id << "\t" << t.date << "\t" << t.kind << "\t" << t.hours << "\t" << t.topic
           << "\n";
    }
    return 0;
  }

  // One line per staff member, then the totals: the JSON report's figures.
  int ReportTraining() {
    TrainingReport report;
    if (Status s = BuildTrainingReport(*store_, period_, &report); !s.ok()) return Fail(s);
    const nlohmann::json json = TrainingReportJson(report);
    out_ << "training from " << period_.from.value_or("the first record") << " to "
         << period_.to.value_or("the last record") << "\n";
    out_ << "id\trole\ttitle\tsessions\tknowledge_h\tpractical_h\ttotal_h\tname\n";
    for (const nlohmann::json& row : json.at("staff")) {
      out_ << row.at("staff_id") << "\t" << row.at("role").get<std::string>() << "\t"
           << row.at("title").get<std::string>() << "\t" << row.at("sessions") << "\t" << row.at("knowledge_hours")
           << "\t" << row.at("practical_hours") << "\t" << row.at("total_hours") << "\t"
           << row.at("name").get<std::string>() << "\n";
    }
    const nlohmann::json& totals = json.at("totals");
    out_ << "all\t\t\t" << totals.at("sessions") << "\t" << totals.at("knowledge_hours") << "\t"
         << totals.at("practical_hours") << "\t" << totals.at("total_hours") << "\t"
         << totals.at("staff_without_training") << " without training\n";
    return 0;
  }

  std::ostream& out_;
  std::ostream& err_;
  std::unique_ptr<storage::Store> store_;
  storage::StaffRecord staff_;
  storage::TrainingRecord training_;
  TrainingPeriod period_;
};

}  // namespace

int RunStaffCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  return StaffCommand(out, err).Run(args);
}

const char* StaffUsageText() {
  return R"(  careerbot staff add --name NAME --role professional|auxiliary|admin --title TITLE
                      --education TEXT [--config FILE] [--data-dir DIR]
      Adds a staff member and prints their access token once. Titles: consultant,
      lecturer, coach, course_developer (professional); assessor, operations,
      teaching_assistant (auxiliary); admin (admin).
  careerbot staff list | revoke ID | rotate ID [--config FILE] [--data-dir DIR]
      Lists staff; revokes a member's tokens; or replaces them with a new one (printed once).
  careerbot staff training add ID --date YYYY-MM-DD --topic TEXT --kind knowledge|practical
                               --hours H [--config FILE] [--data-dir DIR]
  careerbot staff training list ID [--config FILE] [--data-dir DIR]
      Records or lists a staff member's training (specification 3.2.4).
  careerbot staff training report [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--config FILE]
                                  [--data-dir DIR]
      Every staff member's training sessions and hours (knowledge, practical) in the
      period, both days included, and how many had none.
)";
}

}  // namespace careerbot::bot
