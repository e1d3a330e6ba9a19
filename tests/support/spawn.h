// Spawn: starts a program with its standard streams redirected, through
// posix_spawn. The tests and the load tool start the server while threads of
// their own run (a fake platform's server, a log reader); a child made by fork()
// copies a lock such a thread may hold, and its first malloc before exec then
// waits for ever. posix_spawn runs no code of ours between the two.
#pragma once

#include <fcntl.h>
#include <spawn.h>
#include <unistd.h>

#include <string>
#include <vector>

extern char** environ;

namespace careerbot::testing {

struct SpawnStreams {
  std::string stdin_path = "/dev/null";
  std::string stdout_path = "/dev/null";  // created or truncated
  int stderr_fd = -1;                     // made the child's stderr when >= 0 …
  std::string stderr_path = "/dev/null";  // … else this file, created or truncated
};

// Starts args[0] with args[1…] and this process's environment. Returns the
// child's pid, or -1 when it could not be started (no such program …).
inline pid_t Spawn(const std::vector<std::string>& args, const SpawnStreams& streams) {
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  if (posix_spawn_file_actions_init(&actions) != 0) return -1;
  const int created = O_WRONLY | O_CREAT | O_TRUNC;
  int error = posix_spawn_file_actions_addopen(&actions, 0, streams.stdin_path.c_str(), O_RDONLY, 0);
  if (error == 0) error = posix_spawn_file_actions_addopen(&actions, 1, streams.stdout_path.c_str(), created, 0600);
  if (error == 0) {
    error = streams.stderr_fd >= 0
                ? posix_spawn_file_actions_adddup2(&actions, streams.stderr_fd, 2)
                : posix_spawn_file_actions_addopen(&actions, 2, streams.stderr_path.c_str(), created, 0600);
  }
  pid_t pid = -1;
  if (error == 0) error = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  return error == 0 ? pid : -1;
}

}  // namespace careerbot::testing
