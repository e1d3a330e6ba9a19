#include "bot/commands.h"

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <thread>

#include "bot/http_server.h"
#include "bot/log.h"
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

int RunCheckConfig(const CommandLine& cl) {
  Config config;
  if (Status s = ResolveConfig(cl, &config); !s.ok()) {
    std::cerr << "careerbot: " << s.message() << "\n";
    return 1;
  }
  knowledge::KnowledgeBase kb;
  if (Status s = knowledge::LoadKnowledgeBase(KnowledgeDir(config), &kb); !s.ok()) {
    std::cerr << "careerbot: " << s.message() << "\n";
    return 1;
  }
  std::cout << "configuration OK (listen " << config.listen << ", data_dir " << config.data_dir
            << ", knowledge " << KnowledgeDir(config) << ")\n";
  return 0;
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

  const auto started = std::chrono::steady_clock::now();
  Config config;
  if (Status s = ResolveConfig(cl, &config); !s.ok()) {
    LogError("config_invalid", {{"error", s.message()}});
    return 1;
  }
  Runtime runtime;
  if (Status s = OpenRuntime(config, &runtime); !s.ok()) {
    LogError("startup_failed", {{"error", s.message()}});
    return 1;
  }
  HttpServer server(runtime.config, *runtime.conversations, *runtime.store);
  int port = 0;
  if (Status s = server.Bind(&port); !s.ok()) {
    LogError("startup_failed", {{"error", s.message()}});
    return 1;
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
  if (!stopping.exchange(true)) pthread_kill(signal_waiter.native_handle(), SIGTERM);
  signal_waiter.join();
  LogInfo("stopped");
  return 0;
}

}  // namespace careerbot::bot
