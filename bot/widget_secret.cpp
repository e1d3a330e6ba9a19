#include "bot/widget_secret.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "adapters/crypto.h"
#include "bot/config.h"
#include "bot/log.h"

namespace careerbot::bot {
namespace {

Status ReadKey(const std::string& path, std::string* key) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return Status::Unavailable(path + ": cannot read the widget secret: " + std::strerror(errno));
  }
  if ((st.st_mode & 077) != 0) {
    if (::chmod(path.c_str(), 0600) != 0) {
      return Status::Unavailable(path + ": others may read the widget secret, and chmod 0600 failed: " +
                                 std::strerror(errno));
    }
    LogInfo("widget_secret_mode_fixed", {{"file", path}});
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  if (!in || text.size() < 16) {
    return Status::Unavailable(path + ": the widget secret must hold at least 16 characters; "
                               "delete the file to have a new one generated (visitors then start anew)");
  }
  *key = std::move(text);
  return Status::Ok();
}

// Writes a new key to a temporary file and links it into place: link() fails with
// EEXIST when another process was first, so the file is never seen half written.
Status CreateKey(const std::string& path, std::string* key) {
  std::string random;
  if (!adapters::RandomBytes(32, &random)) return Status::Unavailable("no random bytes for the widget secret");
  const std::string text = adapters::HexLower(random) + "\n";
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Status::Unavailable(tmp + ": cannot write the widget secret: " + std::strerror(errno));
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                       ::fsync(fd) == 0;
  ::close(fd);
  if (!written) {
    ::unlink(tmp.c_str());
    return Status::Unavailable(tmp + ": cannot write the widget secret");
  }
  const int linked = ::link(tmp.c_str(), path.c_str());
  const int link_errno = errno;
  ::unlink(tmp.c_str());
  if (linked != 0 && link_errno != EEXIST) {
    return Status::Unavailable(path + ": cannot create the widget secret: " + std::strerror(link_errno));
  }
  if (linked == 0) LogInfo("widget_secret_created", {{"file", path}});
  return ReadKey(path, key);
}

}  // namespace

Status LoadWidgetSecret(const Config& config, std::string* key) {
  if (!config.widget.secret.empty()) {
    *key = config.widget.secret;
    return Status::Ok();
  }
  std::error_code ec;
  std::filesystem::create_directories(config.data_dir, ec);
  const std::string path = (std::filesystem::path(config.data_dir) / kWidgetSecretFile).string();
  if (std::filesystem::exists(path, ec)) return ReadKey(path, key);
  return CreateKey(path, key);
}

}  // namespace careerbot::bot
