#include "bench/server_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/support/spawn.h"

namespace careerbot::bench {
namespace {

using Clock = std::chrono::steady_clock;

int64_t Kib(const std::string& line) {
  std::istringstream in(line.substr(line.find(':') + 1));
  int64_t value = -1;
  in >> value;
  return value;
}

}  // namespace

bool ReadProcessMemory(pid_t pid, int64_t* peak_kib, int64_t* resident_kib) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  if (!status) return false;
  *peak_kib = *resident_kib = -1;
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) *peak_kib = Kib(line);
    if (line.rfind("VmRSS:", 0) == 0) *resident_kib = Kib(line);
  }
  return *peak_kib >= 0 && *resident_kib >= 0;
}

bool ReadProcessCpu(pid_t pid, double* user_s, double* system_s) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text;
  if (!std::getline(stat, text)) return false;
  // The command name, field 2, is in parentheses and may hold spaces: count the
  // fields after its closing parenthesis (field 3 onwards).
  const size_t close = text.rfind(')');
  if (close == std::string::npos) return false;
  std::istringstream fields(text.substr(close + 1));
  std::string field;
  long long ticks[2] = {-1, -1};
  for (int n = 3; n <= 15 && fields >> field; ++n) {
    if (n == 14) ticks[0] = std::atoll(field.c_str());
    if (n == 15) ticks[1] = std::atoll(field.c_str());
  }
  const long hz = sysconf(_SC_CLK_TCK);
  if (ticks[0] < 0 || ticks[1] < 0 || hz <= 0) return false;
  *user_s = static_cast<double>(ticks[0]) / hz;
  *system_s = static_cast<double>(ticks[1]) / hz;
  return true;
}

bool ReadMachineBusyCpu(double* busy_s) {
  std::ifstream stat("/proc/stat");
  std::string cpu;
  long long user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
  if (!(stat >> cpu >> user >> nice >> system >> idle >> iowait >> irq >> softirq >> steal) || cpu != "cpu") {
    return false;
  }
  const long hz = sysconf(_SC_CLK_TCK);
  if (hz <= 0) return false;
  *busy_s = static_cast<double>(user + nice + system + irq + softirq + steal) / hz;
  return true;
}

SpawnedServer::~SpawnedServer() {
  if (pid_ > 0) Stop();
  if (reader_.joinable()) reader_.join();
  if (log_fd_ >= 0) close(log_fd_);
}

// Reads one line of the log (blocking); false at its end.
bool SpawnedServer::ReadLine(std::string* line) {
  for (;;) {
    const size_t eol = pending_.find('\n');
    if (eol != std::string::npos) {
      *line = pending_.substr(0, eol);
      pending_.erase(0, eol + 1);
      return true;
    }
    char buffer[4096];
    const ssize_t n = read(log_fd_, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (pending_.empty()) return false;
      *line = std::move(pending_);
      pending_.clear();
      return true;
    }
    pending_.append(buffer, static_cast<size_t>(n));
  }
}

Status SpawnedServer::Start(const std::string& binary, const std::string& data_dir, const std::string& config) {
  std::vector<std::string> args = {binary, "serve", "--listen", "127.0.0.1:0", "--data-dir", data_dir};
  if (!config.empty()) {
    args.push_back("--config");
    args.push_back(config);
  }
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return Status::Unavailable("pipe2 failed");
  const Clock::time_point started = Clock::now();
  testing::SpawnStreams streams;
  streams.stderr_fd = fds[1];
  pid_ = testing::Spawn(args, streams);
  close(fds[1]);
  if (pid_ < 0) {
    close(fds[0]);
    return Status::Unavailable("cannot start " + binary);
  }
  log_fd_ = fds[0];
  std::string line, log;
  const Clock::time_point deadline = started + std::chrono::seconds(60);
  while (port_ == 0) {
    pollfd p{log_fd_, POLLIN, 0};
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (pending_.find('\n') == std::string::npos && (left <= 0 || poll(&p, 1, static_cast<int>(left)) <= 0)) break;
    if (!ReadLine(&line)) break;
    log += line + "\n";
    const auto entry = nlohmann::json::parse(line, nullptr, false);
    if (entry.is_object() && entry.value("event", "") == "listening") {
      const std::string address = entry.value("address", "");
      port_ = std::atoi(address.substr(address.rfind(':') + 1).c_str());
      reported_startup_ms_ = entry.value("startup_ms", "");
      startup_ms_ = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
    }
  }
  if (port_ <= 0) {
    Stop();
    return Status::Unavailable(binary + " did not start listening; its log:\n" + log);
  }
  reader_ = std::thread([this] { ReadLog(); });
  return Status::Ok();
}

void SpawnedServer::ReadLog() {
  std::string line;
  while (ReadLine(&line)) {
    const auto entry = nlohmann::json::parse(line, nullptr, false);
    if (!entry.is_object() || entry.value("level", "") != "error") continue;
    if (errors_logged_.fetch_add(1) == 0) {
      std::lock_guard lock(mu_);
      first_error_ = line.substr(0, 500);
    }
  }
}

std::string SpawnedServer::first_error() const {
  std::lock_guard lock(mu_);
  return first_error_;
}

int SpawnedServer::Stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  const Clock::time_point deadline = Clock::now() + std::chrono::seconds(30);
  while (waitpid(pid_, &status, WNOHANG) == 0) {
    if (Clock::now() >= deadline) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      break;
    }
    usleep(10'000);
  }
  pid_ = -1;
  if (reader_.joinable()) reader_.join();
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace careerbot::bench
