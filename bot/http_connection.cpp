#include "bot/http_connection.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <string>

#include "adapters/json_api.h"

namespace careerbot::bot {
namespace {

using Clock = std::chrono::steady_clock;

// After a request refused as malformed, what follows on its connection is no
// request to trust (the rest of a bad chunk, a body too large), so the connection ends.
bool RefusedAsMalformed(int status) { return status == 400 || status == 413 || status == 414 || status == 431; }

// How often a connection waiting for its next request looks whether the server
// is stopping: the delay an idle keep-alive connection adds to a shutdown.
constexpr int kStopCheckMs = 100;

// Rounded up, so that a wait of this long does reach `t`.
int MillisUntil(Clock::time_point t) {
  const auto ms = std::chrono::ceil<std::chrono::milliseconds>(t - Clock::now()).count();
  return static_cast<int>(std::clamp<int64_t>(ms, 0, 1 << 30));
}

// 1 ready, 0 timed out, -1 error (EINTR retried).
int PollFor(int fd, short events, int timeout_ms) {
  pollfd p{fd, events, 0};
  for (;;) {
    const int rc = ::poll(&p, 1, timeout_ms);
    if (rc < 0 && errno == EINTR) continue;
    if (rc <= 0) return rc;
    return 1;
  }
}

std::string AddressText(const sockaddr_storage& addr, int* port) {
  char text[INET6_ADDRSTRLEN] = {0};
  if (addr.ss_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&addr);
    ::inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
    *port = ntohs(in->sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&addr);
    ::inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text);
    *port = ntohs(in6->sin6_port);
  }
  return text;
}

// The socket of one connection, read through a buffer (httplib reads a request's
// head a byte at a time), with a deadline per request and a bound on its head.
class LimitedStream final : public httplib::Stream {
 public:
  LimitedStream(int fd, const ConnectionLimits& limits) : fd_(fd), limits_(limits) {}

  // A new request starts (its first bytes are readable): its clock and its head
  // count start now.
  void BeginRequest() {
    deadline_ = Clock::now() + std::chrono::seconds(limits_.request_timeout_s);
    head_bytes_ = 0;
    body_bytes_ = 0;
    head_done_ = false;
    line_state_ = 0;
    answer_head_.clear();
    answer_status_ = 0;
  }
  bool has_buffered() const { return begin_ < end_; }
  bool timed_out() const { return timed_out_; }
  bool header_too_large() const { return header_too_large_; }
  bool body_too_large() const { return body_too_large_; }
  bool dropped() const { return timed_out_ || header_too_large_ || body_too_large_; }
  // Whether the request's head was read to its empty line: when not (a request
  // line the library refused), the bytes after it are no request to answer.
  bool head_complete() const { return head_done_; }
  // The status of the answer written to the current request (0 before it is):
  // read off the wire rather than from one of the library's hooks (its logger,
  // its post-routing handler), which stay free for the server's users.
  int answer_status() const { return answer_status_; }

  // httplib asks this before reading a body: a wait that ends at the deadline
  // drops the request as read() does.
  bool is_readable() const override {
    if (has_buffered()) return true;
    if (PollFor(fd_, POLLIN, ReadWaitMs()) > 0) return true;
    timed_out_ = MillisUntil(deadline_) == 0;
    return false;
  }
  bool is_writable() const override { return PollFor(fd_, POLLOUT, limits_.write_timeout_s * 1000) > 0; }

  ssize_t read(char* ptr, size_t size) override {
    if (dropped()) return -1;
    if (!has_buffered()) {
      if (PollFor(fd_, POLLIN, ReadWaitMs()) <= 0) {
        timed_out_ = MillisUntil(deadline_) == 0;
        return -1;
      }
      ssize_t n;
      do {
        n = ::recv(fd_, buffer_.data(), buffer_.size(), 0);
      } while (n < 0 && errno == EINTR);
      if (n <= 0) return n;
      begin_ = 0;
      end_ = static_cast<size_t>(n);
    }
    const size_t n = std::min(size, end_ - begin_);
    if (!Count(buffer_.data() + begin_, n)) return -1;
    std::memcpy(ptr, buffer_.data() + begin_, n);
    begin_ += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    // A request ended by a limit gets our answer (WriteRaw), not the library's.
    if (dropped()) return static_cast<ssize_t>(size);
    const ssize_t n = WriteRaw(ptr, size);
    if (n > 0) NoteAnswer(ptr, static_cast<size_t>(n));
    return n;
  }

  ssize_t WriteRaw(const char* ptr, size_t size) {
    if (PollFor(fd_, POLLOUT, limits_.write_timeout_s * 1000) <= 0) return -1;
    ssize_t n;
    do {
      n = ::send(fd_, ptr, size, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    return n;
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (::getpeername(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) ip = AddressText(addr, &port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) ip = AddressText(addr, &port);
  }
  socket_t socket() const override { return fd_; }

 private:
  // The read timeout per wait, and never past the request's deadline.
  int ReadWaitMs() const { return std::min(limits_.read_timeout_s * 1000, MillisUntil(deadline_)); }

  // Counts the bytes of the request's head (request line and headers, up to the
  // empty line) and of its body (what the library reads after the head); false
  // once either exceeds its bound.
  bool Count(const char* data, size_t n) {
    size_t i = 0;
    for (; i < n && !head_done_; ++i) {
      ++head_bytes_;
      // line_state_: 0 inside a line, 1 after "\r", 2 after a line end, 3 after "\r" following it.
      const char ch = data[i];
      if (ch == '\n') {
        if (line_state_ >= 2) head_done_ = true;
        line_state_ = 2;
      } else if (ch == '\r') {
        line_state_ = line_state_ >= 2 ? 3 : 1;
      } else {
        line_state_ = 0;
      }
    }
    if (!head_done_ && head_bytes_ > limits_.max_header_bytes) {
      header_too_large_ = true;
      return false;
    }
    body_bytes_ += n - i;
    if (body_bytes_ > limits_.max_body_bytes) {
      body_too_large_ = true;
      return false;
    }
    return true;
  }

  // Reads the answer's status from the first bytes written, "HTTP/1.1 NNN"; an
  // interim answer (100 Continue) is read to its empty line, and the status of
  // the answer after it is the one kept.
  void NoteAnswer(const char* data, size_t n) {
    constexpr size_t kStatusEnd = 12;  // "HTTP/1.1 NNN"
    auto interim = [this] { return answer_status_ >= 100 && answer_status_ < 200; };
    for (size_t i = 0; i < n && (answer_status_ == 0 || interim()); ++i) {
      answer_head_ += data[i];
      if (answer_status_ == 0 && answer_head_.size() == kStatusEnd) {
        answer_status_ = std::atoi(answer_head_.c_str() + 9);
        if (answer_status_ == 0) answer_status_ = -1;  // not a status line: nothing to learn
      } else if (interim() && answer_head_.compare(answer_head_.size() - 4, 4, "\r\n\r\n") == 0) {
        answer_head_.clear();  // the end of an interim answer: the real one follows
        answer_status_ = 0;
      }
    }
  }

  const int fd_;
  const ConnectionLimits& limits_;
  std::array<char, 4096> buffer_{};
  size_t begin_ = 0, end_ = 0;
  Clock::time_point deadline_ = Clock::time_point::max();
  size_t head_bytes_ = 0;
  size_t body_bytes_ = 0;
  bool head_done_ = false;
  int line_state_ = 0;
  mutable bool timed_out_ = false;  // set by is_readable() too
  bool header_too_large_ = false;
  bool body_too_large_ = false;
  std::string answer_head_;  // the first bytes of the answer, up to its status
  int answer_status_ = 0;
};

// The status line and error JSON of a request ended by a limit.
struct DropAnswer {
  const char* status_line;
  const char* code;
  const char* message;
};

DropAnswer AnswerFor(LimitedServer::Drop drop) {
  switch (drop) {
    case LimitedServer::Drop::kRequestTimeout:
      return {"HTTP/1.1 408 Request Timeout", "request_timeout", "the request did not arrive in time"};
    case LimitedServer::Drop::kHeaderTooLarge:
      return {"HTTP/1.1 431 Request Header Fields Too Large", "header_too_large",
              "the request line and headers are too large"};
    case LimitedServer::Drop::kBodyTooLarge:
      // The code and message of the 413 httplib gives a Content-Length body that is too large.
      return {"HTTP/1.1 413 Payload Too Large", "too_large", "request body too large"};
  }
  return {"HTTP/1.1 400 Bad Request", "invalid_argument", "bad request"};
}

void WriteDropAnswer(LimitedStream& stream, LimitedServer::Drop drop) {
  const DropAnswer what = AnswerFor(drop);
  const std::string body = adapters::RenderApiError(what.code, what.message);
  const std::string head = std::string(what.status_line) + "\r\nContent-Type: application/json\r\nContent-Length: " +
                           std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n";
  const std::string answer = head + body;
  size_t written = 0;
  while (written < answer.size()) {
    const ssize_t n = stream.WriteRaw(answer.data() + written, answer.size() - written);
    if (n <= 0) return;
    written += static_cast<size_t>(n);
  }
}

}  // namespace

LimitedServer::LimitedServer(ConnectionLimits limits, std::function<void(Drop)> on_drop)
    : limits_(limits), on_drop_(std::move(on_drop)) {}

bool LimitedServer::process_and_close_socket(socket_t sock) {
  LimitedStream stream(sock, limits_);
  bool ok = false;
  for (int served = 0; served < limits_.keep_alive_max_count; ++served) {
    // Wait for the next request (the first one too), looking out for a stop.
    const Clock::time_point idle_until = Clock::now() + std::chrono::seconds(limits_.keep_alive_timeout_s);
    bool readable = stream.has_buffered();
    while (!readable && svr_sock_ != INVALID_SOCKET) {
      const int left = MillisUntil(idle_until);
      if (left <= 0) break;
      const int rc = PollFor(sock, POLLIN, std::min(left, kStopCheckMs));
      if (rc < 0) break;
      readable = rc > 0;
    }
    if (!readable || svr_sock_ == INVALID_SOCKET) break;
    stream.BeginRequest();
    bool connection_closed = false;
    const bool close_connection = served + 1 == limits_.keep_alive_max_count;
    ok = process_request(stream, close_connection, connection_closed, nullptr);
    if (stream.dropped()) {
      const Drop drop = stream.header_too_large() ? Drop::kHeaderTooLarge
                        : stream.body_too_large() ? Drop::kBodyTooLarge
                                                  : Drop::kRequestTimeout;
      WriteDropAnswer(stream, drop);
      if (on_drop_) on_drop_(drop);
      ok = false;
      break;
    }
    if (!ok || connection_closed || !stream.head_complete() || RefusedAsMalformed(stream.answer_status())) break;
  }
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
  return ok;
}

}  // namespace careerbot::bot
