// `careerbot staff …` against the real binary and server: tokens shown once and
// stored only as hashes, revocation and rotation, training, usage errors.
#include <doctest/doctest.h>

#include <fstream>

#include "tests/bot/admin_testing.h"
#include "tests/support/database_probe.h"

namespace careerbot::testing {
namespace {

TEST_CASE("admin staff cli: add, list, revoke, rotate and training, seen by the running server") {
  TempDir dir, scratch;
  ServerProcess server(dir.path());
  const std::string db = dir.File("careerbot.db");
  const StaffToken wang = AddStaff(dir.path(), "王老师", "professional", "coach");
  CHECK(wang.id == 1);
  // Only the SHA-256 is kept.
  CHECK_FALSE(FilesContain(db, wang.token));
  CHECK(
      QueryInt(
          db, "SELECT count(*) FROM staff_tokens WHERE length(hash) = 64 AND revoked_at IS NULL") ==
      1);

  AdminReply me = AdminGet(server.port(), "/admin/api/v1/me", wang.token);
  REQUIRE(me.status == 200);
  CHECK(me.json.at("id") == 1);
  CHECK(me.json.at("name") == "王老师");
  CHECK(me.json.at("role") == "professional");
  CHECK(me.json.at("title") == "coach");
  CHECK(me.json.at("education") == "硕士，应用心理学");
  CHECK(me.json.at("permissions") ==
        nlohmann::json::parse(
            R"(["self.read","staff.read","cases.read","feedback.stats","cases.assist",
                                  "plans.approve","reports.draft","reports.finalize","handoffs.counsel","complaints.handle","archives.read","clients.export","cases.close","cases.assign","clients.erase"])"));

  CommandResult list = RunCommand({"staff", "list", "--data-dir", dir.path()}, "", scratch.path());
  CHECK(list.exit_code == 0);
  CHECK(list.out ==
        "id\trole\ttitle\ttoken\tname\teducation\n1\tprofessional\tcoach\tactive\t王老师\t硕士，应"
        "用心理学\n");

  CommandResult training = RunCommand(
      {"staff", "training", "add", "1", "--date", "2026-10-12", "--topic", "生涯咨询技术", "--kind",
       "practical", "--hours", "3.5", "--data-dir", dir.path()},
      "", scratch.path());
  CHECK(training.exit_code == 0);
  CHECK(training.out == "training 1 recorded for staff 1\n");
  CommandResult training_list =
      RunCommand({"staff", "training", "list", "1", "--data-dir", dir.path()}, "", scratch.path());
  CHECK(training_list.out ==
        "id\tdate\tkind\thours\ttopic\n1\t2026-10-12\tpractical\t3.5\t生涯咨询技术\n");
  CommandResult report = RunCommand(
      {"staff", "training", "report", "--from", "2026-10-01", "--to", "2026-10-31", "--data-dir", dir.path()}, "",
      scratch.path());
  CHECK(report.exit_code == 0);
  CHECK(report.out ==
        "training from 2026-10-01 to 2026-10-31\n"
        "id\trole\ttitle\tsessions\tknowledge_h\tpractical_h\ttotal_h\tname\n"
        "1\tprofessional\tcoach\t1\t0.0\t3.5\t3.5\t王老师\n"
        "all\t\t\t1\t0.0\t3.5\t3.5\t0 without training\n");
  CommandResult before = RunCommand({"staff", "training", "report", "--to", "2026-10-11", "--data-dir", dir.path()},
                                    "", scratch.path());
  CHECK(before.out ==
        "training from the first record to 2026-10-11\n"
        "id\trole\ttitle\tsessions\tknowledge_h\tpractical_h\ttotal_h\tname\n"
        "1\tprofessional\tcoach\t0\t0.0\t0.0\t0.0\t王老师\n"
        "all\t\t\t0\t0.0\t0.0\t0.0\t1 without training\n");
  AdminReply own = AdminGet(server.port(), "/admin/api/v1/staff/1/training", wang.token);
  CHECK(own.json == nlohmann::json::parse(R"({"staff_id":1,"total_hours":3.5,"training":[
      {"id":1,"staff_id":1,"date":"2026-10-12","topic":"生涯咨询技术","kind":"practical","hours":3.5}]})"));

  CommandResult rotate =
      RunCommand({"staff", "rotate", "1", "--data-dir", dir.path()}, "", scratch.path());
  REQUIRE(rotate.exit_code == 0);
  const StaffToken rotated = ParseStaffOutput(rotate.out);
  CHECK(rotated.id == 1);
  CHECK(rotated.token != wang.token);
  CHECK(AdminGet(server.port(), "/admin/api/v1/me", wang.token).status == 401);
  CHECK(AdminGet(server.port(), "/admin/api/v1/me", rotated.token).status == 200);

  CommandResult revoke =
      RunCommand({"staff", "revoke", "1", "--data-dir", dir.path()}, "", scratch.path());
  CHECK(revoke.exit_code == 0);
  CHECK(revoke.out == "revoked 1 token(s) of staff 1\n");
  CHECK(AdminGet(server.port(), "/admin/api/v1/me", rotated.token).status == 401);
  list = RunCommand({"staff", "list", "--data-dir", dir.path()}, "", scratch.path());
  CHECK(list.out ==
        "id\trole\ttitle\ttoken\tname\teducation\n1\tprofessional\tcoach\trevoked\t王老师\t硕士，应"
        "用心理学\n");

  // Every change is in the audit log, from the command line, with no personal data.
  CHECK(QueryText(
            db,
            "SELECT group_concat(action || ' ' || object || ' ' || ifnull(staff_id, '-') || ' ' || "
            "remote_addr, ' | ') FROM (SELECT * FROM audit_log ORDER BY id)") ==
        "staff.create staff:1 - cli | training.create staff:1/training:1 - cli | "
        "staff.token_rotate staff:1 - cli | staff.token_revoke staff:1 - cli");
}

TEST_CASE("admin staff cli: bad usage is exit 2 with a clear message, failures are exit 1") {
  TempDir dir, scratch;
  auto run = [&](std::vector<std::string> args) {
    args.push_back("--data-dir");
    args.push_back(dir.path());
    return RunCommand(args, "", scratch.path());
  };
  struct Case {
    std::vector<std::string> args;
    int code;
    std::string err;
  };
  const std::vector<Case> cases = {
      {{"staff"},
       2,
       "careerbot: staff needs a command: add, list, revoke, rotate or training (see careerbot "
       "--help)\n"},
      {{"staff", "fire", "1"},
       2,
       "careerbot: unknown staff command \"fire\" (see careerbot --help)\n"},
      {{"staff", "add", "--name", "A", "--role", "professional", "--title", "coach"},
       2,
       "careerbot: staff add needs --education (see careerbot --help)\n"},
      {{"staff", "add", "--name", "A", "--role", "boss", "--title", "coach", "--education", "PhD"},
       2,
       "careerbot: --role: must be professional, auxiliary or admin (see careerbot --help)\n"},
      {{"staff", "add", "--name", "A", "--role", "auxiliary", "--title", "coach", "--education",
        "PhD"},
       2,
       "careerbot: --title: auxiliary staff may be assessor, operations or teaching_assistant (see "
       "careerbot "
       "--help)\n"},
      {{"staff", "add", "--name", "", "--role", "admin", "--title", "admin", "--education", "PhD"},
       2,
       "careerbot: --name: must be 1 to 200 characters (see careerbot --help)\n"},
      {{"staff", "add", "--nome", "A"},
       2,
       "careerbot: unknown option --nome for staff add (see careerbot --help)\n"},
      {{"staff", "revoke"},
       2,
       "careerbot: staff revoke needs one staff ID (see careerbot --help)\n"},
      {{"staff", "revoke", "abc"},
       2,
       "careerbot: the staff ID must be a positive integer (see careerbot --help)\n"},
      {{"staff", "training", "add", "1", "--date", "2026-02-30", "--topic", "T", "--kind",
        "knowledge", "--hours", "1"},
       2,
       "careerbot: --date: must be a calendar date YYYY-MM-DD (see careerbot --help)\n"},
      {{"staff", "training", "add", "1", "--date", "2026-02-03", "--topic", "T", "--kind", "theory",
        "--hours", "1"},
       2,
       "careerbot: --kind: must be knowledge or practical (see careerbot --help)\n"},
      {{"staff", "training", "add", "1", "--date", "2026-02-03", "--topic", "T", "--kind",
        "knowledge", "--hours", "two"},
       2,
       "careerbot: --hours: must be a number more than 0 and at most 1000 (e.g. 1.5) (see "
       "careerbot --help)\n"},
      {{"staff", "training", "fire"},
       2,
       "careerbot: staff training needs add, list or report (see careerbot --help)\n"},
      {{"staff", "training", "report", "1"},
       2,
       "careerbot: staff training report takes no arguments (see careerbot --help)\n"},
      {{"staff", "training", "report", "--from", "2026-02-30"},
       2,
       "careerbot: --from: must be a calendar date YYYY-MM-DD (see careerbot --help)\n"},
      {{"staff", "training", "report", "--from", "2026-03-01", "--to", "2026-02-01"},
       2,
       "careerbot: --from: must not be after to (see careerbot --help)\n"},
      {{"staff", "revoke", "7"}, 1, "careerbot: no staff member 7\n"},
      {{"staff", "training", "add", "7", "--date", "2026-02-03", "--topic", "T", "--kind",
        "knowledge", "--hours", "1"},
       1,
       "careerbot: no staff member 7\n"},
  };
  for (const Case& c : cases) {
    CommandResult r = run(c.args);
    CAPTURE(r.err);
    CHECK(r.exit_code == c.code);
    CHECK(r.err == c.err);
    CHECK(r.out == "");
  }
}

TEST_CASE("admin staff cli: --config names the database, as for serve") {
  TempDir dir, scratch;
  const std::string config = dir.File("careerbot.json");
  std::ofstream(config) << R"({"data_dir": ")" << dir.File("data") << R"("})";
  CommandResult add = RunCommand({"staff", "add", "--name", "Ann", "--role", "auxiliary", "--title",
                                  "teaching_assistant", "--education", "BA", "--config", config},
                                 "", scratch.path());
  REQUIRE_MESSAGE(add.exit_code == 0, add.err);
  CHECK(ParseStaffOutput(add.out).id == 1);
  CHECK(QueryInt(dir.File("data/careerbot.db"), "SELECT count(*) FROM staff") == 1);
  CommandResult list = RunCommand({"staff", "list", "--config", config}, "", scratch.path());
  CHECK(list.out ==
        "id\trole\ttitle\ttoken\tname\teducation\n1\tauxiliary\tteaching_assistant\tactive\tAnn\tBA\n");
}

}  // namespace
}  // namespace careerbot::testing
