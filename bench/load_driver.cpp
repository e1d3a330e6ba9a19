#include "bench/load_driver.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <deque>
#include <iostream>
#include <memory>
#include <thread>

#include "bench/channel.h"
#include "bench/script.h"

namespace careerbot::bench {
namespace {

using Clock = std::chrono::steady_clock;

constexpr size_t kMaxHeaderBytes = 64 * 1024;
constexpr size_t kMaxBodyBytes = 16 * 1024 * 1024;
// After this many failed connection attempts in a row (no answer in between), a
// worker stops: the server is gone, and hammering its port proves nothing.
constexpr int kMaxConnectFailuresInARow = 50;

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

int64_t UnixSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// State shared by the workers.
struct Shared {
  explicit Shared(const LoadPlan& p) : plan(p) {}
  const LoadPlan& plan;
  sockaddr_in address{};
  size_t messages = 0;  // played of each conversation
  Clock::time_point start;
  Clock::time_point stop_at;  // no new message is sent after this
  std::atomic<int64_t> next_conversation{0};
  std::atomic<int64_t> turns{0};  // for progress lines
  std::atomic<int64_t> errors{0};
};

struct SimClient {
  int64_t conversation = -1;
  std::string user;
  size_t step = 0;
  std::string message_id;
  int64_t sent_s = 0;  // unix seconds when the current message was built
  int attempts = 0;  // of the current message
  bool retired = false;
};

// A parsed HTTP answer.
struct HttpAnswer {
  int status = 0;
  bool close = false;  // the server closes the connection after it
  std::string body;
};

struct Connection {
  enum class State { kClosed, kConnecting, kIdle, kBusy };
  int fd = -1;
  State state = State::kClosed;
  bool want_write = false;  // EPOLLOUT registered
  std::string out;
  size_t written = 0;
  std::string in;
  SimClient* client = nullptr;
  Clock::time_point sent_at;
  Clock::time_point deadline;
  Clock::time_point retry_at;  // when closed: reconnect no earlier than this
};

// Parses one answer at the start of `in`. 1: complete (in *answer, *used bytes);
// 0: more bytes needed; -1: not an answer this tool reads (*error says why).
int ParseAnswer(const std::string& in, HttpAnswer* answer, size_t* used, std::string* error) {
  const size_t header_end = in.find("\r\n\r\n");
  if (header_end == std::string::npos) {
    if (in.size() > kMaxHeaderBytes) {
      *error = "answer headers longer than 64 KiB";
      return -1;
    }
    return 0;
  }
  if (in.compare(0, 9, "HTTP/1.1 ") != 0 || header_end < 12) {
    *error = "not an HTTP/1.1 status line";
    return -1;
  }
  answer->status = std::atoi(in.c_str() + 9);
  answer->close = false;
  long long length = -1;
  size_t pos = in.find("\r\n") + 2;
  while (pos < header_end) {
    const size_t eol = in.find("\r\n", pos);
    const std::string line = in.substr(pos, eol - pos);
    pos = eol + 2;
    const size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    std::string value = line.substr(line.find_first_not_of(' ', colon + 1) == std::string::npos
                                        ? line.size()
                                        : line.find_first_not_of(' ', colon + 1));
    std::transform(value.begin(), value.end(), value.begin(), [](unsigned char c) { return std::tolower(c); });
    if (name == "content-length") {
      length = std::atoll(value.c_str());
    } else if (name == "connection") {
      answer->close = value.find("close") != std::string::npos;
    } else if (name == "transfer-encoding") {
      *error = "a chunked answer (this tool reads Content-Length answers only)";
      return -1;
    }
  }
  if (length < 0 || static_cast<size_t>(length) > kMaxBodyBytes) {
    *error = "no Content-Length, or a body over 16 MiB";
    return -1;
  }
  const size_t total = header_end + 4 + static_cast<size_t>(length);
  if (in.size() < total) return 0;
  answer->body = in.substr(header_end + 4, static_cast<size_t>(length));
  *used = total;
  return 1;
}

class Worker {
 public:
  Worker(Shared& shared, int connections, std::vector<SimClient*> clients)
      : shared_(shared), plan_(shared.plan), connections_(connections), clients_(std::move(clients)) {}

  void Run() {
    epoll_ = epoll_create1(EPOLL_CLOEXEC);
    if (epoll_ < 0) {
      Error("internal", std::string("epoll_create1: ") + std::strerror(errno));
      return;
    }
    for (SimClient* c : clients_) StartConversation(c);
    for (Connection& conn : connections_) Connect(conn);
    const Clock::time_point hard_stop = shared_.start + std::chrono::duration_cast<Clock::duration>(
                                                            std::chrono::duration<double>(plan_.max_time_s));
    const auto grace = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(plan_.timeout_s));
    Clock::time_point next_sweep = Clock::now();
    epoll_event events[256];
    for (;;) {
      const Clock::time_point now = Clock::now();
      if (!stopping_ && (now >= shared_.stop_at || now >= hard_stop || AllRetired() ||
                         connect_failures_in_a_row_ > kMaxConnectFailuresInARow)) {
        stopping_ = true;
        if (connect_failures_in_a_row_ > kMaxConnectFailuresInARow) {
          Error("server_unreachable", "stopped after " + std::to_string(connect_failures_in_a_row_) +
                                          " failed connection attempts in a row");
        }
      }
      if (stopping_ && (Busy() == 0 || now >= hard_stop + grace)) break;
      if (now >= next_sweep) {
        Sweep(now);
        next_sweep = now + std::chrono::milliseconds(50);
      }
      if (!stopping_) Dispatch();
      const int n = epoll_wait(epoll_, events, 256, 20);
      for (int i = 0; i < n; ++i) Handle(*static_cast<Connection*>(events[i].data.ptr), events[i].events);
    }
    for (Connection& conn : connections_) {
      if (conn.state == Connection::State::kBusy) Error("unfinished", "a request still in flight at the end");
      Close(conn);
    }
    close(epoll_);
    result.elapsed_s = Seconds(Clock::now() - shared_.start);
  }

  LoadResult result;

 private:
  bool AllRetired() const {
    for (const SimClient* c : clients_) {
      if (!c->retired) return false;
    }
    return true;
  }
  int Busy() const {
    int busy = 0;
    for (const Connection& conn : connections_) busy += conn.state == Connection::State::kBusy;
    return busy;
  }

  void Error(const std::string& kind, const std::string& detail) {
    ++result.errors[kind];
    result.error_examples.emplace(kind, detail);
    shared_.errors.fetch_add(1, std::memory_order_relaxed);
  }

  // --- Clients ---------------------------------------------------------------

  void StartConversation(SimClient* c) {
    const int64_t n = stopping_ ? -1 : shared_.next_conversation.fetch_add(1);
    if (n < 0 || (plan_.conversations > 0 && n >= plan_.conversations)) {
      c->retired = true;
      return;
    }
    ++result.conversations_started;
    c->conversation = n;
    c->user = plan_.user_prefix + "-" + std::to_string(n);
    c->step = 0;
    c->attempts = 0;
    ready_.push_back(c);
  }

  void Abandon(SimClient* c) {
    ++result.conversations_abandoned;
    StartConversation(c);
  }

  // The answer to the client's current message arrived.
  void Answered(SimClient* c, const HttpAnswer& answer) {
    if (answer.status != 200) {
      Error("http_" + std::to_string(answer.status), answer.body.substr(0, 300));
      return Abandon(c);
    }
    ObservedAnswer observed;
    std::string kind, detail;
    const Step& step = plan_.script->steps[c->step];
    if (!plan_.channel->ReadAnswer(OutgoingMessage{c->user, c->message_id, step, c->sent_s}, answer.body,
                                   &observed, &kind, &detail)) {
      Error(kind, detail + " (user " + c->user + ")");
      return Abandon(c);
    }
    if (auto failed = FirstFailedCheck(*plan_.script, plan_.script->steps[c->step], observed)) {
      Error(failed->first, failed->second + " (user " + c->user + ")");
      return Abandon(c);
    }
    ++result.turns;
    shared_.turns.fetch_add(1, std::memory_order_relaxed);
    c->attempts = 0;
    if (++c->step < shared_.messages) {
      ready_.push_back(c);
      return;
    }
    ++result.conversations_completed;
    StartConversation(c);
  }

  // The client's message got no answer (lost connection, timeout): send it again
  // with the same id, first in line, or give the conversation up.
  void Unanswered(SimClient* c) {
    if (++c->attempts < plan_.max_attempts) {
      ready_.push_front(c);
    } else {
      Abandon(c);
    }
  }

  // --- Connections -----------------------------------------------------------

  void Dispatch() {
    while (!ready_.empty() && !idle_.empty()) {
      Connection* conn = idle_.front();
      idle_.pop_front();
      if (conn->state != Connection::State::kIdle) continue;  // closed meanwhile
      SimClient* c = ready_.front();
      ready_.pop_front();
      Send(*conn, c);
    }
  }

  void Send(Connection& conn, SimClient* c) {
    const Step& step = plan_.script->steps[c->step];
    c->message_id = plan_.id_prefix + "m" + std::to_string(c->step + 1);
    HttpRequestData request;
    c->sent_s = UnixSeconds();
    plan_.channel->BuildRequest(OutgoingMessage{c->user, c->message_id, step, c->sent_s}, &request);
    conn.out.clear();
    conn.out += "POST " + request.target + " HTTP/1.1\r\nHost: " + plan_.address + ":" +
                std::to_string(plan_.port) + "\r\nContent-Type: " + request.content_type +
                "\r\nContent-Length: " + std::to_string(request.body.size()) + "\r\n";
    for (const auto& [name, value] : request.headers) conn.out += name + ": " + value + "\r\n";
    conn.out += "\r\n";
    conn.out += request.body;
    conn.written = 0;
    conn.in.clear();
    conn.client = c;
    conn.state = Connection::State::kBusy;
    conn.sent_at = Clock::now();
    conn.deadline = conn.sent_at + std::chrono::duration_cast<Clock::duration>(
                                       std::chrono::duration<double>(plan_.timeout_s));
    Write(conn);
  }

  void Write(Connection& conn) {
    while (conn.written < conn.out.size()) {
      const ssize_t n = ::send(conn.fd, conn.out.data() + conn.written, conn.out.size() - conn.written, MSG_NOSIGNAL);
      if (n > 0) {
        conn.written += static_cast<size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return Interest(conn, true);
      return Lost(conn, "connection_lost", std::string("send: ") + std::strerror(errno));
    }
    Interest(conn, false);
  }

  void Interest(Connection& conn, bool write) {
    if (conn.want_write == write) return;
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLRDHUP | (write ? uint32_t{EPOLLOUT} : uint32_t{0});
    ev.data.ptr = &conn;
    epoll_ctl(epoll_, EPOLL_CTL_MOD, conn.fd, &ev);
    conn.want_write = write;
  }

  void Connect(Connection& conn) {
    conn.fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (conn.fd < 0) {
      Error("connect_failed", std::string("socket: ") + std::strerror(errno));
      conn.retry_at = Clock::now() + std::chrono::milliseconds(100);
      return;
    }
    const int one = 1;
    setsockopt(conn.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    ++result.connections_opened;
    const int rc = connect(conn.fd, reinterpret_cast<const sockaddr*>(&shared_.address), sizeof shared_.address);
    if (rc < 0 && errno != EINPROGRESS) {
      ConnectFailed(conn, std::strerror(errno));
      return;
    }
    conn.state = Connection::State::kConnecting;
    epoll_event ev{};
    ev.events = EPOLLOUT | EPOLLIN | EPOLLRDHUP;
    ev.data.ptr = &conn;
    epoll_ctl(epoll_, EPOLL_CTL_ADD, conn.fd, &ev);
    conn.want_write = true;
  }

  void ConnectFailed(Connection& conn, const std::string& why) {
    Error("connect_failed", why);
    ++connect_failures_in_a_row_;
    Close(conn);
    conn.retry_at = Clock::now() + std::chrono::milliseconds(100);
  }

  void Close(Connection& conn) {
    if (conn.fd >= 0) {
      epoll_ctl(epoll_, EPOLL_CTL_DEL, conn.fd, nullptr);
      close(conn.fd);
    }
    conn.fd = -1;
    conn.state = Connection::State::kClosed;
    conn.want_write = false;
    conn.client = nullptr;
    conn.in.clear();
  }

  // The connection failed; a request in flight is retried on another one.
  void Lost(Connection& conn, const std::string& kind, const std::string& detail) {
    SimClient* c = conn.state == Connection::State::kBusy ? conn.client : nullptr;
    Close(conn);
    conn.retry_at = Clock::now();
    if (c != nullptr) {
      Error(kind, detail);
      Unanswered(c);
    }
  }

  void Handle(Connection& conn, uint32_t events) {
    if (conn.state == Connection::State::kConnecting) {
      int err = 0;
      socklen_t len = sizeof err;
      getsockopt(conn.fd, SOL_SOCKET, SO_ERROR, &err, &len);
      if (err != 0) return ConnectFailed(conn, std::strerror(err));
      if (!(events & EPOLLOUT)) return;
      connect_failures_in_a_row_ = 0;
      conn.state = Connection::State::kIdle;
      Interest(conn, false);
      idle_.push_back(&conn);
      return;
    }
    if ((events & EPOLLOUT) && conn.state == Connection::State::kBusy) Write(conn);
    if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) Read(conn);
  }

  void Read(Connection& conn) {
    char buffer[64 * 1024];
    bool closed = false;
    for (;;) {
      const ssize_t n = recv(conn.fd, buffer, sizeof buffer, 0);
      if (n > 0) {
        conn.in.append(buffer, static_cast<size_t>(n));
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
      closed = true;  // 0: the server closed it; < 0: reset
      break;
    }
    if (conn.state != Connection::State::kBusy) {
      // An idle connection the server closed (keep-alive timeout): open another.
      if (closed || !conn.in.empty()) {
        Close(conn);
        conn.retry_at = Clock::now();
      }
      return;
    }
    HttpAnswer answer;
    size_t used = 0;
    std::string error;
    const int parsed = ParseAnswer(conn.in, &answer, &used, &error);
    if (parsed < 0 || (parsed == 1 && used != conn.in.size())) {
      return Lost(conn, "protocol", parsed < 0 ? error : "bytes after the answer");
    }
    if (parsed == 0) {
      if (closed) Lost(conn, "connection_lost", "the server closed the connection before answering");
      return;
    }
    const auto latency = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - conn.sent_at);
    result.latency_us.push_back(static_cast<uint32_t>(std::min<int64_t>(latency.count(), UINT32_MAX)));
    ++result.requests;
    SimClient* c = conn.client;
    conn.client = nullptr;
    conn.in.clear();
    if (answer.close || closed) {
      Close(conn);
      conn.retry_at = Clock::now();
    } else {
      conn.state = Connection::State::kIdle;
      idle_.push_back(&conn);
    }
    Answered(c, answer);
  }

  // Timeouts, and reconnecting closed connections.
  void Sweep(Clock::time_point now) {
    for (Connection& conn : connections_) {
      if (conn.state == Connection::State::kBusy && now >= conn.deadline) {
        Lost(conn, "timeout", "no answer within " + std::to_string(plan_.timeout_s) + " s");
      }
      if (conn.state == Connection::State::kClosed && !stopping_ && now >= conn.retry_at) Connect(conn);
    }
  }

  Shared& shared_;
  const LoadPlan& plan_;
  std::vector<Connection> connections_;
  std::vector<SimClient*> clients_;
  std::deque<SimClient*> ready_;
  std::deque<Connection*> idle_;
  int epoll_ = -1;
  bool stopping_ = false;
  int connect_failures_in_a_row_ = 0;
};

void Merge(LoadResult& from, LoadResult* into) {
  into->turns += from.turns;
  into->requests += from.requests;
  into->conversations_started += from.conversations_started;
  into->conversations_completed += from.conversations_completed;
  into->conversations_abandoned += from.conversations_abandoned;
  into->connections_opened += from.connections_opened;
  into->elapsed_s = std::max(into->elapsed_s, from.elapsed_s);
  into->latency_us.insert(into->latency_us.end(), from.latency_us.begin(), from.latency_us.end());
  for (const auto& [kind, n] : from.errors) into->errors[kind] += n;
  for (const auto& [kind, example] : from.error_examples) into->error_examples.emplace(kind, example);
}

}  // namespace

Status RunLoad(const LoadPlan& plan, LoadResult* out) {
  if (plan.script == nullptr || plan.channel == nullptr || plan.script->steps.empty()) {
    return Status::InvalidArgument("a load plan needs a script and a channel");
  }
  if (plan.clients < 1 || plan.connections < 1 || plan.threads < 1 ||
      (plan.duration_s <= 0 && plan.conversations <= 0)) {
    return Status::InvalidArgument("a load plan needs clients, connections, threads, and a duration or a count");
  }
  Shared shared(plan);
  shared.address.sin_family = AF_INET;
  shared.address.sin_port = htons(static_cast<uint16_t>(plan.port));
  if (inet_pton(AF_INET, plan.address.c_str(), &shared.address.sin_addr) != 1) {
    return Status::InvalidArgument(plan.address + ": not an IPv4 address");
  }
  shared.messages = plan.messages_per_conversation == 0
                        ? plan.script->steps.size()
                        : std::min(plan.messages_per_conversation, plan.script->steps.size());

  std::vector<SimClient> clients(static_cast<size_t>(plan.clients));
  const int threads = std::min({plan.threads, plan.connections, plan.clients});
  std::vector<std::unique_ptr<Worker>> workers;
  for (int t = 0; t < threads; ++t) {
    const int connections = plan.connections / threads + (t < plan.connections % threads ? 1 : 0);
    std::vector<SimClient*> mine;
    for (size_t i = static_cast<size_t>(t); i < clients.size(); i += static_cast<size_t>(threads)) {
      mine.push_back(&clients[i]);
    }
    workers.push_back(std::make_unique<Worker>(shared, connections, std::move(mine)));
  }
  shared.start = Clock::now();
  shared.stop_at = plan.duration_s > 0 ? shared.start + std::chrono::duration_cast<Clock::duration>(
                                                            std::chrono::duration<double>(plan.duration_s))
                                       : Clock::time_point::max();
  std::atomic<int> running{threads};
  std::vector<std::thread> pool;
  for (auto& w : workers) {
    pool.emplace_back([&w, &running] {
      w->Run();
      running.fetch_sub(1);
    });
  }
  if (plan.progress_every_s > 0) {
    Clock::time_point next = shared.start;
    int64_t last_turns = 0;
    while (running.load() > 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      const Clock::time_point now = Clock::now();
      if (now < next + std::chrono::duration_cast<Clock::duration>(
                           std::chrono::duration<double>(plan.progress_every_s))) {
        continue;
      }
      const int64_t turns = shared.turns.load();
      std::cerr << "[" << static_cast<int64_t>(Seconds(now - shared.start)) << " s] turns " << turns << " ("
                << static_cast<int64_t>((turns - last_turns) / Seconds(now - next)) << "/s), conversations started "
                << shared.next_conversation.load() << ", errors " << shared.errors.load() << "\n";
      next = now;
      last_turns = turns;
    }
  }
  for (auto& t : pool) t.join();
  *out = LoadResult();
  for (auto& w : workers) Merge(w->result, out);
  return Status::Ok();
}

}  // namespace careerbot::bench
