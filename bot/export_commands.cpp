#include "bot/export_commands.h"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <ostream>

#include "bot/commands.h"
#include "bot/data_store.h"
#include "bot/export_view.h"
#include "storage/sqlite_store.h"
#include "storage/store.h"

namespace careerbot::bot {
namespace {

int Fail(std::ostream& err, const std::string& message) {
  err << "careerbot: " << message << "\n";
  return 1;
}

Status WritePrivateFile(const std::string& path, const std::string& text) {
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Status::Unavailable(path + ": cannot create");
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = write(fd, text.data() + done, text.size() - done);
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  const bool ok = done == text.size() && fsync(fd) == 0;
  close(fd);
  return ok ? Status::Ok() : Status::Unavailable(path + ": cannot write");
}

}  // namespace

int RunExportCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::map<std::string, std::string> options;
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    const bool known = a == "--client" || a == "--out" || a == "--config" || a == "--data-dir";
    if (!known || i + 1 >= args.size() || !options.emplace(a, args[i + 1]).second) {
      err << "careerbot: usage: careerbot export --client ID [--out FILE] [--config FILE] [--data-dir DIR]\n";
      return 2;
    }
    ++i;
  }
  int64_t id = 0;
  const std::string id_text = options.count("--client") ? options["--client"] : "";
  if (id_text.empty() || id_text.size() > 18 || id_text.find_first_not_of("0123456789") != std::string::npos ||
      (id = std::stoll(id_text)) < 1) {
    err << "careerbot: export needs --client ID (a client id, as the admin API shows it)\n";
    return 2;
  }
  CommandLine cl;
  cl.verb = "export";
  if (options.count("--config")) cl.config_file = options["--config"];
  if (options.count("--data-dir")) cl.data_dir = options["--data-dir"];
  Config config;
  if (Status s = ResolveConfig(cl, &config); !s.ok()) return Fail(err, s.message());
  const std::string db = DatabasePath(config);
  if (!std::filesystem::exists(db)) return Fail(err, db + ": no database");
  std::unique_ptr<storage::Store> store;
  // Behind encryption at rest: the export holds the personal values in the clear.
  if (Status s = OpenDataStore(config, &store); !s.ok()) return Fail(err, s.message());
  const int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  nlohmann::json doc;
  Status s = ClientExportJson(*store, id, now, &doc);
  if (s.ok()) {
    // Logged before the data leaves, as every read of a client's data.
    storage::AuditEntry e;
    e.action = "client.export";
    e.object = "client:" + std::to_string(id);
    e.client_id = id;
    e.remote_addr = "cli";
    e.at_ms = now;
    s = store->AppendAudit(e, nullptr);
  }
  if (!s.ok()) return Fail(err, s.message());
  const std::string text = doc.dump(2) + "\n";
  if (!options.count("--out")) {
    out << text;
    return 0;
  }
  if (s = WritePrivateFile(options["--out"], text); !s.ok()) return Fail(err, s.message());
  out << "exported client " << id << " to " << options["--out"] << "\n";
  return 0;
}

const char* ExportUsageText() {
  return R"(  careerbot export --client ID [--out FILE] [--config FILE] [--data-dir DIR]
      Everything stored about one client as one JSON document (FILE: mode 0600).
)";
}

}  // namespace careerbot::bot
