#include "bot/commands.h"

#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <iostream>
#include <random>
#include <thread>

#include "bot/backup_lock.h"
#include "bot/backup_schedule.h"
#include "bot/conversation_script.h"
#include "bot/conversation_service.h"
#include "bot/http_client.h"
#include "bot/http_server.h"
#include "bot/log.h"
#include "bot/outbox_worker.h"
#include "bot/retention.h"
#include "bot/runtime.h"

namespace careerbot::bot {

Status ResolveConfig(const CommandLine& cl, Config* config) {
  Config resolved;
  const std::optional<std::string> file =
      cl.config_file ? cl.config_file
                     : (cl.verb == "check-config" && !cl.arguments.empty()
                            ? std::optional<std::string>(cl.arguments[0])
                            : std::nullopt);
  if (file) {
    if (Status s = LoadConfigFile(*file, &resolved); !s.ok()) return s;
  }
  if (Status s = ApplyEnvironment(&resolved); !s.ok()) return s;
  if (cl.listen) resolved.listen = *cl.listen;
  if (cl.data_dir) resolved.data_dir = *cl.data_dir;
  if (Status s = ValidateConfig(resolved); !s.ok()) return s;
  *config = std::move(resolved);
  return Status::Ok();
}

namespace {

// The configuration and the knowledge it names, for the verbs that need both but
// no store; false after printing why not.
bool LoadConfigAndKnowledge(const CommandLine& cl, Config* config, knowledge::KnowledgeBase* kb) {
  Status s = ResolveConfig(cl, config);
  if (s.ok()) s = knowledge::LoadKnowledgeBase(KnowledgeDir(*config), kb);
  if (!s.ok()) std::cerr << "careerbot: " << s.message() << "\n";
  return s.ok();
}

}  // namespace

int RunCheckConfig(const CommandLine& cl) {
  Config config;
  knowledge::KnowledgeBase kb;
  if (!LoadConfigAndKnowledge(cl, &config, &kb)) return 1;
  std::string channels;
  for (const ChannelAccountConfig& a : config.channels.accounts) channels += " " + a.platform + "/" + a.key;
  std::cout << "configuration OK (listen " << config.listen << ", data_dir " << config.data_dir
            << ", knowledge " << KnowledgeDir(config) << (channels.empty() ? "" : ", channels" + channels)
            << ")\n";
  return 0;
}

int RunTestConversations(const CommandLine& cl, std::ostream& out) {
  Config config;
  knowledge::KnowledgeBase kb;
  if (!LoadConfigAndKnowledge(cl, &config, &kb)) return 1;
  ScriptReport report;
  for (const auto& file : cl.arguments) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      std::cerr << "careerbot: " << file << ": cannot open the transcript\n";
      return 1;
    }
    std::stringstream text;
    text << in.rdbuf();
    if (Status s = RunConversationScript(kb, config.institution.name, file, text.str(), &report); !s.ok()) {
      std::cerr << "careerbot: " << s.message() << "\n";
      return 1;
    }
  }
  for (const auto& f : report.failures) out << f.file << ":" << f.line << ": " << f.message << "\n";
  out << report.scripts << " transcripts, " << report.checks << " checks: "
      << (report.checks - static_cast<int>(report.failures.size())) << " passed, " << report.failures.size()
      << " failed\n";
  return report.failures.empty() ? 0 : 1;
}

int RunServe(const CommandLine& cl) {
  // Block the stop signals in every thread; one thread waits for them, so the
  // shutdown runs as ordinary code instead of inside a signal handler.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);
  // A file-size limit (RLIMIT_FSIZE) reached makes the write fail (EFBIG), which
  // the store answers as Unavailable (503), instead of killing the server.
  signal(SIGXFSZ, SIG_IGN);

  const auto started = std::chrono::steady_clock::now();
  Config config;
  if (Status s = ResolveConfig(cl, &config); !s.ok()) {
    LogError("config_invalid", {{"error", s.message()}});
    return 1;
  }
  // Held while serving, so that `restore` refuses to replace the database under
  // us (bot/backup_lock.h); a restore in progress makes start-up fail here.
  DataDirLock data_dir_lock;
  if (Status s = HoldDataDir(config.data_dir, &data_dir_lock); !s.ok()) {
    LogError("startup_failed", {{"error", s.message()}});
    return 1;
  }
  Runtime runtime;
  if (Status s = OpenRuntime(config, &runtime); !s.ok()) {
    LogError("startup_failed", {{"error", s.message()}});
    return 1;
  }
  // The outbox worker, with one token cache and HTTP client for the process.
  const auto now_ms = [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
  adapters::TokenCache tokens(now_ms);
  HttplibClient http(config.outbox.http_timeout_s);
  std::mt19937_64 random_engine{std::random_device()()};
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  OutboxDispatcher dispatcher(
      *runtime.store, runtime.channels, runtime.webhooks, &http, &tokens,
      {config.outbox.max_attempts, config.outbox.backoff_initial_ms, config.outbox.backoff_max_ms,
       {config.outbox.per_minute.begin(), config.outbox.per_minute.end()},
       // One sender is always left to the clients' replies when there are several.
       std::max(1, config.outbox.senders - 1)},
      now_ms,
      [&] { return unit(random_engine); });
  OutboxWorker outbox(&dispatcher, config.outbox.senders);
  runtime.conversations->SetOutboxWake([&outbox] { outbox.Wake(); });
  HttpServer server(runtime.config, *runtime.conversations, *runtime.store,
                    {&runtime.channels, [&outbox] { outbox.Wake(); }, &runtime.webhooks}, &runtime.kb);
  int port = 0;
  if (Status s = server.Bind(&port); !s.ok()) {
    LogError("startup_failed", {{"error", s.message()}});
    return 1;
  }
  // Entries queued before a restart go out now.
  outbox.Start();
  // Scheduled online backups (docs/operations.md), on a connection of their own.
  std::unique_ptr<BackupScheduler> backups;
  if (config.backup.interval_minutes > 0) {
    backups = std::make_unique<BackupScheduler>(
        BackupScheduler::Options{(std::filesystem::path(config.data_dir) / "careerbot.db").string(),
                                 config.backup_dir(), int64_t{config.backup.interval_minutes} * 60000,
                                 config.backup.keep},
        now_ms);
    backups->Start();
  }
  // Unfinished services past their retention (bot/retention.h).
  std::unique_ptr<RetentionSweeper> retention;
  if (config.privacy.unfinished_retention_days > 0) {
    retention = std::make_unique<RetentionSweeper>(*runtime.conversations, *runtime.store,
                                                   config.privacy.unfinished_retention_days, now_ms);
    retention->Start();
  }
  std::atomic<bool> stopping{false};
  std::thread signal_waiter([&] {
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    if (!stopping.exchange(true)) {
      LogInfo("stopping", {{"signal", signal_number == SIGINT ? "SIGINT" : "SIGTERM"}});
    }
    server.Stop();
  });
  const auto startup_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::steady_clock::now() - started)
                              .count();
  LogInfo("listening", {{"address", config.host() + ":" + std::to_string(port)},
                        {"data_dir", config.data_dir},
                        {"startup_ms", std::to_string(startup_ms)}});
  server.Serve();  // returns after Stop(), once the requests in flight are answered
  // Only now: the channels' last turns may still have queued replies. What is
  // not delivered yet stays queued in the store for the next start.
  outbox.Stop();
  if (backups) backups->Stop();  // a backup in progress completes first
  if (retention) retention->Stop();
  if (!stopping.exchange(true)) pthread_kill(signal_waiter.native_handle(), SIGTERM);
  signal_waiter.join();
  LogInfo("stopped");
  return 0;
}

}  // namespace careerbot::bot
