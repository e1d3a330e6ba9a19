// The server under test, when the load tool starts it itself (--spawn), and the
// memory figures of any server process it is told about (--server-pid).
#pragma once

#include <sys/types.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "base/status.h"

namespace careerbot::bench {

// VmHWM and VmRSS of /proc/PID/status in KiB; false when the process or the
// fields cannot be read (another user's process, a finished one).
bool ReadProcessMemory(pid_t pid, int64_t* peak_kib, int64_t* resident_kib);

// The CPU time the process has used so far (/proc/PID/stat utime and stime), in
// seconds; false when it cannot be read.
bool ReadProcessCpu(pid_t pid, double* user_s, double* system_s);

// The CPU time all processes of the machine have used since boot (/proc/stat:
// everything but idle and iowait), in seconds; false when it cannot be read.
bool ReadMachineBusyCpu(double* busy_s);

// `PATH serve --listen 127.0.0.1:0 --data-dir DIR [--config FILE]` with its
// standard error read by this class: start-up waits for the "listening" log line
// (which names the port), then a thread keeps reading the log and counts the
// lines of level "error". The destructor stops a server still running (SIGTERM,
// then SIGKILL after 30 s).
class SpawnedServer {
 public:
  SpawnedServer() = default;
  ~SpawnedServer();
  SpawnedServer(const SpawnedServer&) = delete;
  SpawnedServer& operator=(const SpawnedServer&) = delete;

  // Unavailable, with the server's last log lines, when it exits or says nothing
  // of listening within 60 s.
  Status Start(const std::string& binary, const std::string& data_dir, const std::string& config);

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  double startup_ms() const { return startup_ms_; }  // exec to the "listening" line
  std::string reported_startup_ms() const { return reported_startup_ms_; }  // the server's own figure
  int64_t errors_logged() const { return errors_logged_.load(); }
  std::string first_error() const;

  // SIGTERM and wait (at most 30 s, then SIGKILL). The exit code, or 128 + signal.
  int Stop();

 private:
  void ReadLog();
  bool ReadLine(std::string* line);

  pid_t pid_ = -1;
  int log_fd_ = -1;
  int port_ = 0;
  double startup_ms_ = 0;
  std::string reported_startup_ms_;
  std::string pending_;  // bytes read past the last line
  std::thread reader_;
  std::atomic<int64_t> errors_logged_{0};
  mutable std::mutex mu_;
  std::string first_error_;
};

}  // namespace careerbot::bench
