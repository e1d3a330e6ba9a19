#include "bot/backup_schedule.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <system_error>

#include "bot/log.h"
#include "storage/sqlite_backup.h"

namespace careerbot::bot {

namespace fs = std::filesystem;

std::string BackupFileName(int64_t at_ms) {
  const time_t seconds = static_cast<time_t>(at_ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char name[64];
  std::snprintf(name, sizeof name, "careerbot-%04d-%02d-%02dT%02d-%02d-%02d.%03dZ.db",
                utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min,
                utc.tm_sec, static_cast<int>(at_ms % 1000));
  return name;
}

std::optional<int64_t> BackupFileTime(const std::string& name) {
  std::tm utc{};
  int millis = 0;
  char tail[8] = {};
  if (std::sscanf(name.c_str(), "careerbot-%4d-%2d-%2dT%2d-%2d-%2d.%3dZ%3s", &utc.tm_year,
                  &utc.tm_mon, &utc.tm_mday, &utc.tm_hour, &utc.tm_min, &utc.tm_sec, &millis,
                  tail) != 8) {
    return std::nullopt;
  }
  utc.tm_year -= 1900;
  utc.tm_mon -= 1;
  const time_t seconds = timegm(&utc);
  if (seconds < 0) return std::nullopt;
  const int64_t at_ms = int64_t{seconds} * 1000 + millis;
  // Only the exact spelling BackupFileName gives: no other file is ever ours.
  if (BackupFileName(at_ms) != name) return std::nullopt;
  return at_ms;
}

int64_t NextBackupDue(std::optional<int64_t> newest_backup_ms, int64_t now_ms, int64_t interval_ms) {
  if (!newest_backup_ms) return now_ms + interval_ms;
  return std::min(*newest_backup_ms + interval_ms, now_ms + interval_ms);
}

std::vector<std::string> BackupsToPrune(std::vector<std::string> names, int keep) {
  std::vector<std::pair<int64_t, std::string>> ours;
  for (std::string& n : names) {
    if (auto t = BackupFileTime(n)) ours.emplace_back(*t, std::move(n));
  }
  std::sort(ours.begin(), ours.end());
  std::vector<std::string> prune;
  const size_t kept = static_cast<size_t>(std::max(keep, 0));
  for (size_t i = 0; i + kept < ours.size(); ++i) prune.push_back(ours[i].second);
  return prune;
}

BackupScheduler::BackupScheduler(Options options, Clock now)
    : options_(std::move(options)), now_(std::move(now)) {}

BackupScheduler::~BackupScheduler() { Stop(); }

void BackupScheduler::Start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable()) return;
  stop_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void BackupScheduler::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void BackupScheduler::Trigger() {
  {
    std::lock_guard lock(mu_);
    triggered_ = true;
  }
  cv_.notify_all();
}

void BackupScheduler::WaitForRuns(int n) {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return runs_ >= n; });
}

Status BackupScheduler::last_status() {
  std::lock_guard lock(mu_);
  return last_status_;
}

std::optional<int64_t> BackupScheduler::NewestBackup() {
  std::optional<int64_t> newest;
  std::error_code ec;
  for (fs::directory_iterator it(options_.dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (auto t = BackupFileTime(it->path().filename().string())) {
      newest = newest ? std::max(*newest, *t) : *t;
    }
  }
  return newest;
}

Status BackupScheduler::RunOnce(std::string* path) {
  std::error_code ec;
  fs::create_directories(options_.dir, ec);
  if (ec) return Status::Unavailable(options_.dir + ": cannot create the backup directory: " + ec.message());
  const std::string dest = (fs::path(options_.dir) / BackupFileName(now_())).string();
  Status s = storage::BackupSqliteDatabase(options_.db_path, dest);
  if (!s.ok()) return s;
  if (path) *path = dest;
  std::vector<std::string> names;
  for (fs::directory_iterator it(options_.dir, ec), end; !ec && it != end; it.increment(ec)) {
    names.push_back(it->path().filename().string());
  }
  for (const std::string& old : BackupsToPrune(std::move(names), options_.keep)) {
    fs::remove(fs::path(options_.dir) / old, ec);
  }
  return Status::Ok();
}

void BackupScheduler::Loop() {
  int64_t due = NextBackupDue(NewestBackup(), now_(), options_.interval_ms);
  std::unique_lock lock(mu_);
  while (!stop_) {
    const int64_t wait_ms = due - now_();
    if (!triggered_ && wait_ms > 0) {
      cv_.wait_for(lock, std::chrono::milliseconds(wait_ms), [&] { return stop_ || triggered_; });
      continue;  // re-check: stopped, triggered, due, or woken early
    }
    triggered_ = false;
    lock.unlock();
    std::string path;
    const Status s = RunOnce(&path);
    if (s.ok()) {
      LogInfo("backup_done", {{"file", path}});
    } else {
      LogError("backup_failed", {{"error", s.message()}});
    }
    due = now_() + options_.interval_ms;
    lock.lock();
    last_status_ = s;
    ++runs_;
    cv_.notify_all();
  }
}

}  // namespace careerbot::bot
