#include "bot/audit_commands.h"

#include <filesystem>
#include <memory>
#include <ostream>

#include "bot/commands.h"
#include "storage/audit_chain.h"
#include "storage/sqlite_store.h"
#include "storage/store.h"

namespace careerbot::bot {

int RunVerifyAuditCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CommandLine cl;
  cl.verb = "verify-audit";
  for (size_t i = 1; i < args.size(); ++i) {
    if ((args[i] == "--config" || args[i] == "--data-dir") && i + 1 < args.size()) {
      (args[i] == "--config" ? cl.config_file : cl.data_dir) = args[i + 1];
      ++i;
    } else {
      err << "careerbot: usage: careerbot verify-audit [--config FILE] [--data-dir DIR]\n";
      return 2;
    }
  }
  Config config;
  Status s = ResolveConfig(cl, &config);
  const std::string db = (std::filesystem::path(config.data_dir) / "careerbot.db").string();
  if (s.ok() && !std::filesystem::exists(db)) s = Status::NotFound(db + ": no database");
  std::unique_ptr<storage::Store> store;
  if (s.ok()) s = storage::OpenSqliteStore({db, 5000}, &store);
  storage::AuditChainVerifier chain;
  int64_t after = 0;
  while (s.ok()) {
    std::vector<storage::AuditEntry> page;
    s = store->ListAudit(after, 1000, &page);
    for (const storage::AuditEntry& e : page) {
      if (!chain.Add(e)) break;
    }
    if (chain.broken_at() || page.size() < 1000) break;
    after = page.back().id;
  }
  if (!s.ok()) {
    err << "careerbot: verify-audit: " << s.message() << "\n";
    return 1;
  }
  if (const auto broken = chain.broken_at()) {
    out << "audit log BROKEN at entry " << *broken << ": its prev_hash is not the hash of "
        << (chain.last_good_id() ? "entry " + std::to_string(chain.last_good_id())
                                 : std::string("the chain's start"))
        << " (that entry was changed, or entries between them were removed or inserted)\n";
    return 1;
  }
  out << "audit log OK: " << chain.entries() << " entries, head " << chain.head_hash() << "\n";
  return 0;
}

const char* AuditUsageText() {
  return R"(  careerbot verify-audit [--config FILE] [--data-dir DIR]
      Checks the audit log's hash chain; names the first entry where it breaks.
)";
}

}  // namespace careerbot::bot
