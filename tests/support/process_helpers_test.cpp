// The helpers every integration test stands on: ServingThread stops a loopback
// server even when the stop comes before its accept loop began (httplib's own
// stop() does nothing then, and a test's destructor waited for ever), and Spawn
// starts a program with its streams redirected.
#include <doctest/doctest.h>
#include <httplib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

#include "tests/support/serving_thread.h"
#include "tests/support/spawn.h"
#include "tests/support/temp_dir.h"

namespace careerbot::testing {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST_CASE("ServingThread: a server stopped at once, before its accept loop began, stops and closes its port") {
  for (int round = 0; round < 20; ++round) {
    int port = 0;
    {
      httplib::Server server;
      port = server.bind_to_any_port("127.0.0.1");
      REQUIRE(port > 0);
      ServingThread serving(server);
    }  // with httplib's stop() alone, this joins a thread that listens for ever
    httplib::Client client("127.0.0.1", port);
    client.set_connection_timeout(5, 0);
    const auto res = client.Get("/");
    CHECK_FALSE(res);
    CHECK(res.error() == httplib::Error::Connection);
  }
}

TEST_CASE("ServingThread: a server that answered stops too") {
  httplib::Server server;
  server.Get("/ping", [](const httplib::Request&, httplib::Response& res) { res.set_content("pong", "text/plain"); });
  const int port = server.bind_to_any_port("127.0.0.1");
  REQUIRE(port > 0);
  ServingThread serving(server);
  httplib::Client client("127.0.0.1", port);
  const auto res = client.Get("/ping");
  REQUIRE(res);
  CHECK(res->body == "pong");
  serving.Stop();
  CHECK_FALSE(httplib::Client("127.0.0.1", port).Get("/ping"));
}

TEST_CASE("Spawn: the program reads the stdin file, writes the stdout file and the stderr descriptor") {
  TempDir dir;
  std::ofstream(dir.File("in.txt")) << "line from stdin\n";
  int fds[2];
  REQUIRE(pipe2(fds, O_CLOEXEC) == 0);
  SpawnStreams streams;
  streams.stdin_path = dir.File("in.txt");
  streams.stdout_path = dir.File("out.txt");
  streams.stderr_fd = fds[1];
  const pid_t pid = Spawn({"/bin/sh", "-c", "cat; echo to-stderr >&2; exit 3"}, streams);
  close(fds[1]);
  REQUIRE(pid > 0);
  std::string err;
  char buffer[256];
  for (ssize_t n; (n = read(fds[0], buffer, sizeof buffer)) > 0;) err.append(buffer, static_cast<size_t>(n));
  close(fds[0]);
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 3);
  CHECK(ReadFile(dir.File("out.txt")) == "line from stdin\n");
  CHECK(err == "to-stderr\n");
}

TEST_CASE("Spawn: a program that does not exist is -1") {
  CHECK(Spawn({"/nonexistent/careerbot"}, SpawnStreams{}) == -1);
}

}  // namespace
}  // namespace careerbot::testing
