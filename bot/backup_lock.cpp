#include "bot/backup_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace careerbot::bot {

std::string DataDirLockPath(const std::string& data_dir) {
  return (std::filesystem::path(data_dir) / "careerbot.lock").string();
}

Status HoldDataDir(const std::string& data_dir, DataDirLock* lock) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  return lock->Acquire(data_dir, DataDirLock::Mode::kShared);
}

DataDirLock::~DataDirLock() {
  if (fd_ >= 0) close(fd_);  // closing the last descriptor releases the flock
}

Status DataDirLock::Acquire(const std::string& data_dir, Mode mode) {
  const std::string path = DataDirLockPath(data_dir);
  const int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Status::Unavailable(path + ": cannot open the lock file: " + std::strerror(errno));
  if (flock(fd, (mode == Mode::kShared ? LOCK_SH : LOCK_EX) | LOCK_NB) != 0) {
    const int error = errno;
    close(fd);
    if (error == EWOULDBLOCK) {
      return Status::Unavailable(
          mode == Mode::kExclusive
              ? path + " is locked: a server is running on this data directory; stop it first"
              : path + " is locked: a restore is replacing the database; start again after it");
    }
    return Status::Unavailable(path + ": cannot lock: " + std::strerror(error));
  }
  if (fd_ >= 0) close(fd_);
  fd_ = fd;
  return Status::Ok();
}

}  // namespace careerbot::bot
