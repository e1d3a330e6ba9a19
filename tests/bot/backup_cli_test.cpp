// `careerbot backup`, `verify-backup` and `restore` against the real binary: a
// backup while the server takes traffic, a restore into a fresh data directory
// that serves the same conversation, and a restore refused while a server runs.
#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "bot/backup_lock.h"
#include "tests/bot/api_client.h"
#include "tests/support/database_probe.h"
#include "tests/support/server_process.h"
#include "tests/support/temp_dir.h"

namespace careerbot::testing {
namespace {

TEST_CASE("backup cli: backup under traffic, verify, restore elsewhere, same conversation") {
  TempDir dir, fresh, scratch;
  const std::string backup = scratch.File("backup.db");
  {
    ServerProcess server(dir.path());
    ApiConversation chat(server.port(), "client-backup");
    chat.ThroughIntake();
    for (int i = 0; i < 5; ++i) REQUIRE(chat.SendWithId("3", "item-" + std::to_string(i)).status == 200);

    // Other clients keep the server busy while the backup is taken.
    std::atomic<bool> stop{false};
    std::atomic<int> answered{0};
    std::thread traffic([&] {
      ApiConversation other(server.port(), "client-traffic");
      while (!stop) answered += other.Send("你好").status == 200;
    });
    CommandResult made = RunCommand({"backup", "--out", backup, "--data-dir", dir.path()}, "", scratch.path());
    stop = true;
    traffic.join();
    REQUIRE_MESSAGE(made.exit_code == 0, made.err);
    CHECK(made.out == "backup written: " + backup + "\n");
    CHECK(answered > 0);

    // With the data directory's keys: every encrypted value of the copy decrypts.
    CommandResult verified = RunCommand({"verify-backup", backup, "--data-dir", dir.path()}, "", scratch.path());
    REQUIRE_MESSAGE(verified.exit_code == 0, verified.err);
    CHECK(verified.out.rfind("backup OK: " + backup + " (integrity ok, schema version ", 0) == 0);
    CHECK(verified.out.find("\ndecryptable: ") != std::string::npos);
    CHECK(verified.out.find(" under 'k1' (data key 'k1' checked)\n") != std::string::npos);
    // Without them (another data directory, no key there): refused, naming the key.
    CommandResult keyless = RunCommand({"verify-backup", backup, "--data-dir", fresh.path()}, "", scratch.path());
    CHECK(keyless.exit_code == 1);
    CHECK(keyless.err == "careerbot: verify-backup: encrypted with the data key 'k1', but the key file " +
                             fresh.File("data.key") + " does not exist or cannot be read\n");
    CHECK(verified.out.find("\nassessment_answers\t5\n") != std::string::npos);
    CHECK(verified.out.find("\naudit_log\t1\n") != std::string::npos);

    // Not while the server runs on the directory.
    CommandResult refused = RunCommand({"restore", backup, "--data-dir", dir.path()}, "", scratch.path());
    CHECK(refused.exit_code == 1);
    CHECK(refused.err.find("a server is running on this data directory") != std::string::npos);
    // The backup itself is in the audit log, from the command line.
    CHECK(QueryText(dir.File("careerbot.db"), "SELECT action || ' ' || object || ' ' || remote_addr "
                                              "FROM audit_log") == "database.backup file:backup.db cli");
  }

  // The data key travels apart from the backup (docs/operations.md).
  std::filesystem::copy_file(dir.File("data.key"), fresh.File("data.key"));
  CommandResult restored = RunCommand({"restore", backup, "--data-dir", fresh.path()}, "", scratch.path());
  REQUIRE_MESSAGE(restored.exit_code == 0, restored.err);
  CHECK(restored.out == "restored " + backup + " into " + fresh.File("careerbot.db") + "\n");
  CHECK(QueryText(fresh.File("careerbot.db"), "SELECT group_concat(action, ',') FROM audit_log") ==
        "database.backup,database.restore");

  ServerProcess server(fresh.path());
  ApiConversation chat(server.port(), "client-backup");
  ApiReply next = chat.SendWithId("4", "item-5");
  CHECK(next.status == 200);
  CHECK(next.json.at("replies").back().at("text") == "第 7/48 题：砌砖或铺瓷砖");
  CHECK(next.json.at("progress") == nlohmann::json::parse(R"({"done":6,"total":48})"));
  // A message answered before the backup is still recognised as a duplicate.
  CHECK(chat.SendWithId("3", "item-4").json.at("progress") ==
        nlohmann::json::parse(R"({"done":5,"total":48})"));
}

TEST_CASE("backup cli: restore over a stopped server's database keeps the old one") {
  TempDir dir, scratch;
  const std::string backup = scratch.File("b.db");
  {
    ServerProcess server(dir.path());
    ApiConversation chat(server.port(), "early");
    REQUIRE(chat.Send("你好").status == 200);
    REQUIRE(RunCommand({"backup", "--out", backup, "--data-dir", dir.path()}, "", scratch.path()).exit_code == 0);
    ApiConversation later(server.port(), "later");
    REQUIRE(later.Send("你好").status == 200);
    CHECK(server.Stop(SIGTERM) == 0);
  }
  CommandResult restored = RunCommand({"restore", backup, "--data-dir", dir.path()}, "", scratch.path());
  REQUIRE_MESSAGE(restored.exit_code == 0, restored.err);
  CHECK(restored.out.find("(the previous database is kept as " + dir.File("careerbot.db") + ".bak)") !=
        std::string::npos);
  CHECK(QueryInt(dir.File("careerbot.db"), "SELECT count(*) FROM clients") == 1);
  CHECK(QueryInt(dir.File("careerbot.db.bak"), "SELECT count(*) FROM clients") == 2);
  ServerProcess server(dir.path());
  CHECK(server.Client().Get("/healthz")->status == 200);
}

TEST_CASE("backup cli: default file name, usage errors and a bad file") {
  TempDir dir, scratch;
  {
    ServerProcess server(dir.path());
    ApiConversation chat(server.port(), "u");
    REQUIRE(chat.Send("你好").status == 200);
    CommandResult made = RunCommand({"backup", "--data-dir", dir.path()}, "", scratch.path());
    REQUIRE_MESSAGE(made.exit_code == 0, made.err);
    CHECK(made.out.rfind("backup written: " + dir.path() + "/backups/careerbot-", 0) == 0);
  }
  CHECK(RunCommand({"backup", "extra", "--data-dir", dir.path()}, "", scratch.path()).exit_code == 2);
  CHECK(RunCommand({"verify-backup"}, "", scratch.path()).exit_code == 2);
  CHECK(RunCommand({"restore", "x.db", "--out", "y"}, "", scratch.path()).exit_code == 2);
  CommandResult bad = RunCommand({"verify-backup", dir.File("careerbot.lock")}, "", scratch.path());
  CHECK(bad.exit_code == 1);
  CommandResult none = RunCommand({"backup", "--data-dir", scratch.File("nothing")}, "", scratch.path());
  CHECK(none.exit_code == 1);
  CHECK(none.err.find("no database to back up") != std::string::npos);
}

TEST_CASE("backup cli: the data directory lock keeps restore and serve apart") {
  TempDir dir, scratch;
  {
    // What restore holds while it replaces the database: serve refuses to start.
    bot::DataDirLock restoring;
    REQUIRE(restoring.Acquire(dir.path(), bot::DataDirLock::Mode::kExclusive).ok());
    CommandResult serve =
        RunCommand({"serve", "--listen", "127.0.0.1:0", "--data-dir", dir.path()}, "", scratch.path());
    CHECK(serve.exit_code == 1);
    CHECK(serve.err.find("a restore is replacing the database") != std::string::npos);
    bot::DataDirLock second;
    CHECK(second.Acquire(dir.path(), bot::DataDirLock::Mode::kShared).code() == Status::Code::kUnavailable);
  }
  // Released with its holder (a killed server's too): shared holders coexist.
  bot::DataDirLock a, b, c;
  CHECK(a.Acquire(dir.path(), bot::DataDirLock::Mode::kShared).ok());
  CHECK(b.Acquire(dir.path(), bot::DataDirLock::Mode::kShared).ok());
  CHECK(c.Acquire(dir.path(), bot::DataDirLock::Mode::kExclusive).code() == Status::Code::kUnavailable);
}

}  // namespace
}  // namespace careerbot::testing
