#include "bot/archive_commands.h"

#include <chrono>
#include <filesystem>
#include <memory>
#include <ostream>

#include "bot/archive_view.h"
#include "bot/commands.h"
#include "storage/sqlite_store.h"
#include "storage/store.h"

namespace careerbot::bot {
namespace {

int64_t Now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Status Audit(storage::Store& store, const std::string& action, const std::string& object,
             std::optional<int64_t> client_id) {
  storage::AuditEntry e;
  e.action = action;
  e.object = object;
  e.client_id = client_id;
  e.remote_addr = "cli";
  e.at_ms = Now();
  return store.AppendAudit(e, nullptr);
}

int Fail(std::ostream& err, const Status& s) {
  err << "careerbot: " << s.message() << "\n";
  return 1;
}

}  // namespace

int RunArchiveCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CommandLine cl;
  cl.verb = "archive";
  std::vector<std::string> positional;
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    if ((a == "--config" || a == "--data-dir") && i + 1 < args.size()) {
      (a == "--config" ? cl.config_file : cl.data_dir) = args[++i];
    } else if (a.rfind("--", 0) == 0) {
      err << "careerbot: unknown option " << a << " for archive (see careerbot --help)\n";
      return 2;
    } else {
      positional.push_back(a);
    }
  }
  if (positional.empty() || positional[0] != "list" || positional.size() > 2) {
    err << "careerbot: usage: careerbot archive list [NUMBER] [--config FILE] [--data-dir DIR]\n";
    return 2;
  }
  Config config;
  if (Status s = ResolveConfig(cl, &config); !s.ok()) return Fail(err, s);
  const std::string db = (std::filesystem::path(config.data_dir) / "careerbot.db").string();
  if (!std::filesystem::exists(db)) return Fail(err, Status::NotFound(db + ": no database"));
  std::unique_ptr<storage::Store> store;
  if (Status s = storage::OpenSqliteStore({db, 5000}, &store); !s.ok()) return Fail(err, s);

  if (positional.size() == 2) {
    nlohmann::json body;
    Status s = ArchiveJson(*store, positional[1], &body);
    if (s.ok()) s = Audit(*store, "archive.read", "archive:" + positional[1], body.at("client_id").get<int64_t>());
    if (!s.ok()) return Fail(err, s);
    out << body.dump(2) << "\n";
    return 0;
  }
  std::vector<storage::ArchiveRecord> archives;
  Status s = store->ListArchives(&archives);
  if (s.ok()) s = Audit(*store, "archives.list", "archives", std::nullopt);
  if (!s.ok()) return Fail(err, s);
  out << "number\tclient_id\topened_at_ms\tdocuments\n";
  for (const auto& a : archives) {
    std::vector<storage::ArchiveDocument> docs;
    if (Status d = store->ListArchiveDocuments(a.number, &docs); !d.ok()) return Fail(err, d);
    out << a.number << "\t" << a.client_id << "\t" << a.opened_at_ms << "\t" << docs.size() << "\n";
  }
  return 0;
}

const char* ArchiveUsageText() {
  return R"(  careerbot archive list [NUMBER] [--config FILE] [--data-dir DIR]
      Lists the case archives; with NUMBER, that archive and its filed documents.
)";
}

}  // namespace careerbot::bot
