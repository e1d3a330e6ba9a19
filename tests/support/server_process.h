// ServerProcess: the real careerbot binary, started on a free port for one test,
// and RunCommand for its other verbs. Startup is synchronised on the server's
// own "listening" log line (which names the bound port), never on a sleep.
#pragma once

#include <doctest/doctest.h>
#include <fcntl.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/spawn.h"

namespace careerbot::testing {

class ServerProcess {
 public:
  // Starts `careerbot serve --listen 127.0.0.1:0 --data-dir DIR EXTRA…`.
  ServerProcess(const std::string& data_dir, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {CAREERBOT_BINARY, "serve", "--listen", "127.0.0.1:0",
                                     "--data-dir", data_dir};
    args.insert(args.end(), extra.begin(), extra.end());
    int fds[2];
    REQUIRE(pipe2(fds, O_CLOEXEC) == 0);
    SpawnStreams streams;
    streams.stderr_fd = fds[1];
    pid_ = Spawn(args, streams);
    close(fds[1]);
    REQUIRE_MESSAGE(pid_ > 0, "cannot start " << args[0]);
    log_fd_ = fds[0];
    // Read the log until the server says where it listens (or exits).
    std::string line;
    while (ReadLine(&line)) {
      Append(line);
      auto entry = nlohmann::json::parse(line, nullptr, false);
      if (!entry.is_discarded() && entry.value("event", "") == "listening") {
        const std::string address = entry.at("address");
        port_ = std::stoi(address.substr(address.rfind(':') + 1));
        break;
      }
    }
    REQUIRE_MESSAGE(port_ > 0, (std::string("the server did not start: ") + Log()));
    reader_ = std::thread([this] {
      std::string rest;
      while (ReadLine(&rest)) Append(rest);
      std::lock_guard<std::mutex> lock(mutex_);
      log_closed_ = true;
      log_grew_.notify_all();
    });
  }

  ~ServerProcess() {
    if (pid_ > 0) Kill();
    if (reader_.joinable()) reader_.join();
    if (log_fd_ >= 0) close(log_fd_);
  }

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  httplib::Client Client() const {
    httplib::Client client("127.0.0.1", port_);
    client.set_read_timeout(30, 0);
    return client;
  }

  // SIGKILL: the process dies at once, wherever it is.
  void Kill() {
    REQUIRE_MESSAGE(pid_ > 0, "the server was stopped before");  // kill(-1, …) would signal every process
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
  }

  // Sends `signal` and returns the exit code (or 128 + the signal that killed it).
  int Stop(int signal) {
    REQUIRE_MESSAGE(pid_ > 0, "the server was stopped before");  // kill(-1, …) would signal every process
    kill(pid_, signal);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    if (reader_.joinable()) reader_.join();
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

  std::string Log() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return log_;
  }
  // Waits until the log holds `text`: a line the server has written may not
  // have been read from its pipe yet. False when the server's log ends without
  // it, or after `timeout`.
  bool WaitForLog(const std::string& text, std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    std::unique_lock<std::mutex> lock(mutex_);
    return log_grew_.wait_for(lock, timeout, [&] { return log_.find(text) != std::string::npos || log_closed_; }) &&
           log_.find(text) != std::string::npos;
  }

 private:
  bool ReadLine(std::string* line) {
    line->clear();
    char c;
    while (true) {
      ssize_t n = read(log_fd_, &c, 1);
      if (n <= 0) return !line->empty();
      if (c == '\n') return true;
      line->push_back(c);
    }
  }
  void Append(const std::string& line) {
    std::lock_guard<std::mutex> lock(mutex_);
    log_ += line + "\n";
    log_grew_.notify_all();
  }

  pid_t pid_ = -1;
  int log_fd_ = -1;
  int port_ = 0;
  std::thread reader_;
  mutable std::mutex mutex_;
  std::condition_variable log_grew_;
  std::string log_;
  bool log_closed_ = false;
};

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `careerbot ARGS…` with `input` on standard input, to completion.
inline CommandResult RunCommand(std::vector<std::string> args, const std::string& input,
                                const std::string& scratch_dir) {
  args.insert(args.begin(), CAREERBOT_BINARY);
  const std::string in_path = scratch_dir + "/stdin.txt", out_path = scratch_dir + "/stdout.txt",
                    err_path = scratch_dir + "/stderr.txt";
  std::ofstream(in_path) << input;
  const pid_t pid = Spawn(args, SpawnStreams{in_path, out_path, -1, err_path});
  REQUIRE_MESSAGE(pid > 0, "cannot start " << args[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  auto slurp = [](const std::string& path) {
    std::ifstream f(path);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
  };
  result.out = slurp(out_path);
  result.err = slurp(err_path);
  return result;
}

}  // namespace careerbot::testing
