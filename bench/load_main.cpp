// careerbot-load: plays whole conversations against a careerbot server on this
// machine and reports throughput, latency, errors and the server's memory.
// docs/performance.md shows how it is used and what it measured.
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <ctime>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "adapters/standard_webhooks.h"
#include "bench/fake_wechat_api.h"
#include "bench/json_channel.h"
#include "bench/load_driver.h"
#include "bench/script.h"
#include "bench/server_process.h"
#include "bench/wechat_channel.h"

#ifndef CAREERBOT_SOURCE_DIR
#error "CAREERBOT_SOURCE_DIR must be defined by the build"
#endif

namespace careerbot::bench {
namespace {

constexpr char kUsage[] = R"(usage: careerbot-load [options]

Plays whole conversations (a transcript of tests/conversations/) against a careerbot
server on this machine over the JSON or the WeChat channel, checks every answer, and reports
completed conversations, turns per second, latency, errors by kind and the server's
peak memory. Exit code 0 when no error occurred, 1 when some did, 2 when the run
could not start.

The server:
  --url http://127.0.0.1:PORT   a running server (loopback addresses only)
  --spawn PATH --data-dir DIR   start PATH ("careerbot") on a free port, stop it at the end
  --config FILE                 the server's configuration file: --spawn starts the server
                                with it; the WeChat channel reads its account from it
  --server-pid PID              with --url: read this process's peak memory (VmHWM)

The load:
  --connections C    concurrent keep-alive connections (default 64, at most 4096)
  --clients U        simulated clients (default C, at most 100000); a client never has
                     two messages in flight, and plays one conversation after another,
                     each as a new user
  --duration S       send new messages for S seconds (default 10 when no --conversations)
  --conversations N  end once N conversations have ended (at most 10000000)
  --messages N       play only the first N messages of each conversation (short
                     conversations: many stored clients quickly)
  --script FILE      the transcript (default tests/conversations/results_feedback.zh.chat)
  --channel NAME     the channel to speak: json (default), wechat (plaintext mode,
                     signed) or wechat-aes (safe mode: encrypted and signed), as the
                     WeChat server calls /wechat/{account}
  --secret whsec_…   json: sign every request the Standard Webhooks way
  --wechat-account K wechat: the account channels.wechat.K of --config (default: the first)
  --threads T        this tool's event-loop threads (default 1, at most 16)
  --user-prefix P    users are P-0, P-1 … (default load-<unix time>-<pid>: new users each run)
  --id-prefix P      message ids are Pm1, Pm2 … (default none); with --user-prefix, lets a
                     run send new messages to the users of an earlier run
  --timeout S        per request (default 10); a timed-out message is sent again
  --max-time S       stop after S seconds whatever else was asked (default 600, at most 3600)
  --progress S       a progress line on standard error every S seconds
  --json             also print the figures as one JSON object on the last line
)";

struct Options {
  std::string url;
  std::string spawn;
  std::string data_dir;
  std::string config;
  long server_pid = 0;
  LoadPlan plan;
  std::string script = CAREERBOT_SOURCE_DIR "/tests/conversations/results_feedback.zh.chat";
  std::string secret;
  std::string channel = "json";
  std::string wechat_account;
  bool json = false;
};

bool ParseNumber(const std::string& text, double lo, double hi, double* out) {
  try {
    size_t used = 0;
    const double v = std::stod(text, &used);
    if (used != text.size() || v < lo || v > hi) return false;
    *out = v;
    return true;
  } catch (...) {
    return false;
  }
}

// "http://127.0.0.1:8080" (a trailing "/" allowed) into address and port. Only
// loopback addresses: the tool must not be pointed at another machine.
bool ParseUrl(const std::string& url, std::string* address, int* port, std::string* err) {
  const std::string prefix = "http://";
  if (url.rfind(prefix, 0) != 0) {
    *err = "--url must start with http://";
    return false;
  }
  std::string rest = url.substr(prefix.size());
  if (!rest.empty() && rest.back() == '/') rest.pop_back();
  const size_t colon = rest.rfind(':');
  double p = 0;
  if (colon == std::string::npos || !ParseNumber(rest.substr(colon + 1), 1, 65535, &p)) {
    *err = "--url needs a port: http://127.0.0.1:PORT";
    return false;
  }
  std::string host = rest.substr(0, colon);
  if (host == "localhost") host = "127.0.0.1";
  if (host.rfind("127.", 0) != 0 || host.find_first_not_of("0123456789.") != std::string::npos) {
    *err = "--url must name an IPv4 loopback address (127.x.x.x or localhost): this tool loads this machine only";
    return false;
  }
  *address = host;
  *port = static_cast<int>(p);
  return true;
}

bool ParseOptions(int argc, char** argv, Options* o, std::string* err) {
  bool clients_given = false, duration_given = false;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--json") {
      o->json = true;
      continue;
    }
    if (flag == "--help" || flag == "-h") {
      *err = "";
      return false;
    }
    if (i + 1 >= argc) {
      *err = flag + " needs a value (or is unknown)";
      return false;
    }
    const std::string value = argv[++i];
    double n = 0;
    auto number = [&](double lo, double hi) {
      if (ParseNumber(value, lo, hi, &n)) return true;
      *err = flag + " takes a number from " + std::to_string(static_cast<int64_t>(lo)) + " to " +
             std::to_string(static_cast<int64_t>(hi));
      return false;
    };
    if (flag == "--url") {
      o->url = value;
      if (!ParseUrl(value, &o->plan.address, &o->plan.port, err)) return false;
    } else if (flag == "--spawn") {
      o->spawn = value;
    } else if (flag == "--data-dir") {
      o->data_dir = value;
    } else if (flag == "--config") {
      o->config = value;
    } else if (flag == "--server-pid") {
      if (!number(1, 1 << 30)) return false;
      o->server_pid = static_cast<long>(n);
    } else if (flag == "--connections") {
      if (!number(1, 4096)) return false;
      o->plan.connections = static_cast<int>(n);
    } else if (flag == "--clients") {
      if (!number(1, 100000)) return false;
      o->plan.clients = static_cast<int>(n);
      clients_given = true;
    } else if (flag == "--duration") {
      if (!number(0.1, 3600)) return false;
      o->plan.duration_s = n;
      duration_given = true;
    } else if (flag == "--conversations") {
      if (!number(1, 10'000'000)) return false;
      o->plan.conversations = static_cast<int64_t>(n);
    } else if (flag == "--messages") {
      if (!number(1, 100000)) return false;
      o->plan.messages_per_conversation = static_cast<size_t>(n);
    } else if (flag == "--script") {
      o->script = value;
    } else if (flag == "--secret") {
      o->secret = value;
    } else if (flag == "--channel") {
      o->channel = value;
    } else if (flag == "--wechat-account") {
      o->wechat_account = value;
    } else if (flag == "--threads") {
      if (!number(1, 16)) return false;
      o->plan.threads = static_cast<int>(n);
    } else if (flag == "--user-prefix") {
      o->plan.user_prefix = value;
    } else if (flag == "--id-prefix") {
      o->plan.id_prefix = value;
    } else if (flag == "--timeout") {
      if (!number(0.1, 600)) return false;
      o->plan.timeout_s = n;
    } else if (flag == "--max-time") {
      if (!number(1, 3600)) return false;
      o->plan.max_time_s = n;
    } else if (flag == "--progress") {
      if (!number(1, 3600)) return false;
      o->plan.progress_every_s = n;
    } else {
      *err = "unknown option " + flag;
      return false;
    }
  }
  if (o->url.empty() == o->spawn.empty()) {
    *err = "give either --url or --spawn";
    return false;
  }
  if (!o->spawn.empty() && o->data_dir.empty()) {
    *err = "--spawn needs --data-dir";
    return false;
  }
  if (o->spawn.empty() && !o->data_dir.empty()) {
    *err = "--data-dir goes with --spawn";
    return false;
  }
  if (!clients_given) o->plan.clients = o->plan.connections;
  if (!duration_given && o->plan.conversations == 0) o->plan.duration_s = 10;
  if (o->plan.user_prefix.empty()) o->plan.user_prefix = "load-" + std::to_string(std::time(nullptr)) + "-" + std::to_string(getpid());
  return true;
}

double Percentile(std::vector<uint32_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  const size_t i = std::min(sorted.size() - 1, static_cast<size_t>(p * static_cast<double>(sorted.size())));
  return sorted[i] / 1000.0;
}

std::string Fixed(double v, int digits) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", digits, v);
  return buffer;
}

int Run(Options& o) {
  Script script;
  if (Status s = LoadScript(o.script, &script); !s.ok()) {
    std::cerr << "careerbot-load: " << s.message() << "\n";
    return 2;
  }
  std::optional<adapters::StandardWebhookKey> key;
  if (!o.secret.empty()) {
    adapters::StandardWebhookKey parsed;
    if (Status s = adapters::StandardWebhookKey::Parse(o.secret, &parsed); !s.ok()) {
      std::cerr << "careerbot-load: --secret: " << s.message() << "\n";
      return 2;
    }
    key = parsed;
  }
  // A channel is one more implementation of bench/channel.h and one more name here.
  std::unique_ptr<Channel> channel;
  if (o.channel == "json") {
    channel = std::make_unique<JsonChannel>(key);
  } else if (o.channel == "wechat" || o.channel == "wechat-aes") {
    if (o.config.empty()) {
      std::cerr << "careerbot-load: --channel " << o.channel << " needs --config (the server's, with the account)\n";
      return 2;
    }
    WeChatAccount account;
    std::unique_ptr<WeChatChannel> wechat;
    Status s = LoadWeChatAccount(o.config, o.wechat_account, &account);
    if (s.ok()) s = WeChatChannel::Create(account, o.channel == "wechat-aes", &wechat);
    if (!s.ok()) {
      std::cerr << "careerbot-load: " << s.message() << "\n";
      return 2;
    }
    channel = std::move(wechat);
  } else {
    std::cerr << "careerbot-load: --channel " << o.channel << ": unknown (known: json, wechat, wechat-aes)\n";
    return 2;
  }
  o.plan.script = &script;
  o.plan.channel = channel.get();

  std::unique_ptr<SpawnedServer> server;
  std::unique_ptr<FakeWeChatApi> wechat_api;
  pid_t pid = static_cast<pid_t>(o.server_pid);
  int64_t rss_at_start_kib = -1;
  if (!o.spawn.empty()) {
    std::string config = o.config;
    if (o.channel != "json") {
      // The replies beyond the passive one go out through the platform's API, as
      // in production: to a fake of it here, not to api.weixin.qq.com.
      wechat_api = std::make_unique<FakeWeChatApi>();
      std::error_code ec;
      std::filesystem::create_directories(o.data_dir, ec);
      config = (std::filesystem::path(o.data_dir) / "careerbot-load.json").string();
      Status s = wechat_api->Start();
      if (s.ok()) s = wechat_api->WriteConfigCopy(o.config, config);
      if (!s.ok()) {
        std::cerr << "careerbot-load: " << s.message() << "\n";
        return 2;
      }
    }
    server = std::make_unique<SpawnedServer>();
    if (Status s = server->Start(o.spawn, o.data_dir, config); !s.ok()) {
      std::cerr << "careerbot-load: " << s.message() << "\n";
      return 2;
    }
    o.plan.address = "127.0.0.1";
    o.plan.port = server->port();
    pid = server->pid();
  }
  int64_t peak_kib = -1, rss_kib = -1;
  double server_user0 = 0, server_sys0 = 0, server_user1 = 0, server_sys1 = 0;
  if (pid > 0) ReadProcessMemory(pid, &peak_kib, &rss_at_start_kib);
  const bool cpu = pid > 0 && ReadProcessCpu(pid, &server_user0, &server_sys0);
  rusage self0{}, self1{};
  getrusage(RUSAGE_SELF, &self0);
  double machine0 = 0, machine1 = 0;
  const bool machine = ReadMachineBusyCpu(&machine0);

  LoadResult r;
  if (Status s = RunLoad(o.plan, &r); !s.ok()) {
    std::cerr << "careerbot-load: " << s.message() << "\n";
    return 2;
  }
  const bool memory = pid > 0 && ReadProcessMemory(pid, &peak_kib, &rss_kib);
  const bool cpu_after = cpu && ReadProcessCpu(pid, &server_user1, &server_sys1);
  getrusage(RUSAGE_SELF, &self1);
  const bool machine_after = machine && ReadMachineBusyCpu(&machine1);
  int exit_code = -1;
  if (server) {
    exit_code = server->Stop();
    if (server->errors_logged() > 0) {
      r.errors["server_logged_error"] += server->errors_logged();
      r.error_examples.emplace("server_logged_error", server->first_error());
    }
    if (exit_code != 0) {
      r.errors["server_exit"] += 1;
      r.error_examples.emplace("server_exit", "the server exited with " + std::to_string(exit_code));
    }
  }

  std::sort(r.latency_us.begin(), r.latency_us.end());
  const double p50 = Percentile(r.latency_us, 0.50), p90 = Percentile(r.latency_us, 0.90),
               p99 = Percentile(r.latency_us, 0.99),
               max = r.latency_us.empty() ? 0 : r.latency_us.back() / 1000.0;
  const double rate = r.elapsed_s > 0 ? r.turns / r.elapsed_s : 0;
  int64_t errors = 0;
  for (const auto& [kind, n] : r.errors) errors += n;
  const size_t messages = o.plan.messages_per_conversation == 0
                              ? script.steps.size()
                              : std::min(o.plan.messages_per_conversation, script.steps.size());

  std::cout << "careerbot-load: " << channel->name() << " channel, " << o.plan.connections << " connections, "
            << o.plan.clients << " clients, " << o.plan.threads << " thread(s); " << script.file << ", "
            << messages << " messages per conversation\n"
            << "  elapsed         " << Fixed(r.elapsed_s, 1) << " s\n"
            << "  conversations   completed " << r.conversations_completed << ", abandoned "
            << r.conversations_abandoned << ", started " << r.conversations_started << "\n"
            << "  turns           " << r.turns << " (" << Fixed(rate, 0) << " /s); " << r.requests
            << " requests on " << r.connections_opened << " connections\n"
            << "  latency ms      p50 " << Fixed(p50, 2) << "  p90 " << Fixed(p90, 2) << "  p99 " << Fixed(p99, 2)
            << "  max " << Fixed(max, 2) << "\n"
            << "  errors          " << (errors == 0 ? "none" : std::to_string(errors)) << "\n";
  for (const auto& [kind, n] : r.errors) {
    std::cout << "    " << kind << " " << n << "   e.g. " << r.error_examples[kind] << "\n";
  }
  auto seconds = [](const timeval& a, const timeval& b) {
    return static_cast<double>(b.tv_sec - a.tv_sec) + static_cast<double>(b.tv_usec - a.tv_usec) / 1e6;
  };
  const double tool_cpu_s = seconds(self0.ru_utime, self1.ru_utime) + seconds(self0.ru_stime, self1.ru_stime);
  const double turns = static_cast<double>(std::max<int64_t>(r.turns, 1));
  if (cpu_after) {
    std::cout << "  cpu per turn    server " << Fixed((server_user1 - server_user0) / turns * 1e6, 0) << " us user + "
              << Fixed((server_sys1 - server_sys0) / turns * 1e6, 0) << " us system; this tool "
              << Fixed(tool_cpu_s / turns * 1e6, 0) << " us\n";
  }
  if (machine_after && cpu_after && r.elapsed_s > 0) {
    // What else ran meanwhile: the figures of a shared machine are only as good as this.
    const double server_s = server_user1 - server_user0 + server_sys1 - server_sys0;
    const double others_s = std::max(0.0, machine1 - machine0 - server_s - tool_cpu_s);
    std::cout << "  machine cpu     server " << Fixed(server_s / r.elapsed_s, 2) << ", this tool "
              << Fixed(tool_cpu_s / r.elapsed_s, 2) << ", other processes " << Fixed(others_s / r.elapsed_s, 2)
              << " cores on average\n";
  }
  if (memory) {
    std::cout << "  server memory   peak RSS (VmHWM) " << Fixed(peak_kib / 1024.0, 1) << " MiB; RSS "
              << Fixed(rss_at_start_kib / 1024.0, 1) << " MiB before the load, " << Fixed(rss_kib / 1024.0, 1)
              << " MiB after\n";
  } else {
    std::cout << "  server memory   unknown (give --server-pid, or --spawn)\n";
  }
  if (wechat_api) {
    std::cout << "  platform API    " << wechat_api->messages_sent()
              << " messages sent through custom/send (the replies beyond the passive one)\n";
  }
  if (server) {
    std::cout << "  server start-up " << Fixed(server->startup_ms(), 1) << " ms from exec to listening (it reports "
              << server->reported_startup_ms() << " ms from main); exit code " << exit_code << "\n";
  }
  if (o.json) {
    nlohmann::json j = {{"channel", channel->name()}, {"connections", o.plan.connections}, {"clients", o.plan.clients},
                        {"elapsed_s", r.elapsed_s}, {"turns", r.turns}, {"turns_per_s", rate},
                        {"conversations_completed", r.conversations_completed},
                        {"conversations_abandoned", r.conversations_abandoned},
                        {"p50_ms", p50}, {"p90_ms", p90}, {"p99_ms", p99}, {"max_ms", max},
                        {"errors", r.errors}};
    if (memory) {
      j["server_peak_rss_kib"] = peak_kib;
      j["server_rss_start_kib"] = rss_at_start_kib;
      j["server_rss_end_kib"] = rss_kib;
    }
    if (server) j["server_startup_ms"] = server->startup_ms();
    if (cpu_after) {
      j["server_cpu_user_us_per_turn"] = (server_user1 - server_user0) / turns * 1e6;
      j["server_cpu_system_us_per_turn"] = (server_sys1 - server_sys0) / turns * 1e6;
    }
    j["tool_cpu_us_per_turn"] = tool_cpu_s / turns * 1e6;
    std::cout << j.dump() << "\n";
  }
  return errors == 0 ? 0 : 1;
}

}  // namespace
}  // namespace careerbot::bench

int main(int argc, char** argv) {
  signal(SIGPIPE, SIG_IGN);
  careerbot::bench::Options options;
  std::string err;
  if (!careerbot::bench::ParseOptions(argc, argv, &options, &err)) {
    if (err.empty()) {
      std::cout << careerbot::bench::kUsage;
      return 0;
    }
    std::cerr << "careerbot-load: " << err << "\n\n" << careerbot::bench::kUsage;
    return 2;
  }
  return careerbot::bench::Run(options);
}
