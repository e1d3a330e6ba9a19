#include "bot/http_server.h"

#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <list>
#include <mutex>
#include <thread>

#include "adapters/json_api.h"
#include "bot/admin_routes.h"
#include "bot/conversation_service.h"
#include "bot/http_connection.h"
#include "bot/log.h"
#include "bot/metrics.h"
#include "bot/routes.h"
#include "bot/turn_limiter.h"
#include "bot/widget_routes.h"
#include "storage/store.h"

namespace careerbot::bot {
namespace {

constexpr char kJson[] = "application/json";

int HttpStatusFor(const Status& s) {
  switch (s.code()) {
    case Status::Code::kOk: return 200;
    case Status::Code::kInvalidArgument: return 400;
    case Status::Code::kUnauthenticated: return 401;
    case Status::Code::kPermissionDenied: return 403;
    case Status::Code::kNotFound: return 404;
    case Status::Code::kAlreadyExists: return 409;
    case Status::Code::kFailedPrecondition: return 409;
    case Status::Code::kTooLarge: return 413;
    case Status::Code::kResourceExhausted: return 429;
    case Status::Code::kUnavailable: return 503;
    case Status::Code::kInternal: return 500;
  }
  return 500;
}

// The HTTP server's task queue. httplib 0.11 runs each connection's whole
// keep-alive life as one task, so a fixed pool of N threads serves N open
// connections and the next one waits unanswered until one of them closes (after
// its idle timeout, or keep_alive_max_count requests): seconds. This pool keeps
// `core` threads (http.threads) and starts one more whenever a task finds no idle
// thread, up to `max`; a thread beyond the core ends after kIdleLifetime without
// work. Past `max`, tasks wait in line as in httplib's own pool.
class ConnectionThreadPool final : public httplib::TaskQueue {
 public:
  static constexpr auto kIdleLifetime = std::chrono::seconds(60);

  ConnectionThreadPool(size_t core, size_t max) : core_(core), max_(std::max(core, max)) {
    std::lock_guard lock(mu_);
    for (size_t i = 0; i < core_; ++i) StartLocked();
  }
  ~ConnectionThreadPool() override { shutdown(); }

  void enqueue(std::function<void()> fn) override {
    std::list<std::thread> finished;
    {
      std::lock_guard lock(mu_);
      jobs_.push_back(std::move(fn));
      // Each idle thread takes one task; tasks beyond them need new threads.
      bool started = false;
      if (jobs_.size() > idle_ && live_ < max_) {
        try {
          StartLocked();
          started = true;
        } catch (const std::system_error&) {
          // No thread to be had now: the task waits for a busy one.
        }
      }
      if (!started) cv_.notify_one();
      finished.swap(finished_);
    }
    for (std::thread& t : finished) t.join();  // threads that ended idle: already done
  }

  // Runs the tasks still queued, then ends every thread. Idempotent.
  void shutdown() override {
    std::list<std::thread> all;
    {
      std::unique_lock lock(mu_);
      if (joined_) return;
      shutdown_ = true;
      cv_.notify_all();
      ended_.wait(lock, [this] { return live_ == 0; });
      all.splice(all.end(), threads_);
      all.splice(all.end(), finished_);
      joined_ = true;
    }
    for (std::thread& t : all) t.join();
  }

 private:
  void StartLocked() {
    threads_.emplace_back();
    const auto self = std::prev(threads_.end());
    try {
      *self = std::thread([this, self] { Work(self); });
    } catch (...) {
      threads_.erase(self);
      throw;
    }
    ++live_;
  }

  void Work(std::list<std::thread>::iterator self) {
    std::unique_lock lock(mu_);
    for (;;) {
      ++idle_;
      bool retire = false;
      while (jobs_.empty() && !shutdown_ && !retire) {
        if (live_ > core_) {
          retire = cv_.wait_for(lock, kIdleLifetime) == std::cv_status::timeout && jobs_.empty() &&
                   !shutdown_ && live_ > core_;
        } else {
          cv_.wait(lock);
        }
      }
      --idle_;
      if (retire || jobs_.empty()) break;  // jobs_ empty here only when shutting down
      std::function<void()> task = std::move(jobs_.front());
      jobs_.pop_front();
      lock.unlock();
      task();
      lock.lock();
    }
    --live_;
    // A thread that retires is joined by the next enqueue; at shutdown, by shutdown().
    if (!shutdown_) finished_.splice(finished_.end(), threads_, self);
    ended_.notify_all();
  }

  const size_t core_, max_;
  std::mutex mu_;
  std::condition_variable cv_;     // a task arrived, or shutdown
  std::condition_variable ended_;  // a thread ended
  std::deque<std::function<void()>> jobs_;
  std::list<std::thread> threads_;   // running
  std::list<std::thread> finished_;  // ended idle, not yet joined
  size_t live_ = 0, idle_ = 0;
  bool shutdown_ = false, joined_ = false;
};

// At most this many HTTP threads, so at most this many connections are served at
// once (the listen backlog holds the next ones).
constexpr size_t kMaxHttpThreads = 1024;

}  // namespace

void SendError(httplib::Response& res, const Status& s) {
  res.status = HttpStatusFor(s);
  ProcessMetrics().RecordError(s.code());
  if (res.status == 503 && !res.has_header("Retry-After")) res.set_header("Retry-After", "1");
  // Internal errors may carry details meant for the log, not for the caller.
  const std::string message = s.code() == Status::Code::kInternal ? "internal error" : s.message();
  res.set_content(adapters::RenderApiError(CodeName(s.code()), message), kJson);
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int64_t RouteContext::now_ms() const { return clock ? clock() : NowMs(); }

ConnectionLimits LimitsOf(const HttpConfig& http) {
  ConnectionLimits limits;
  limits.read_timeout_s = http.read_timeout_s;
  limits.write_timeout_s = http.write_timeout_s;
  limits.keep_alive_timeout_s = http.keep_alive_timeout_s;
  limits.keep_alive_max_count = http.keep_alive_max_count;
  limits.request_timeout_s = http.request_timeout_s;
  limits.max_header_bytes = http.max_header_bytes;
  limits.max_body_bytes = http.max_body_bytes;
  return limits;
}

struct HttpServer::Impl {
  TurnLimiter turns;
  RouteContext context;
  LimitedServer server;
  std::atomic<int> listen_fd{-1};

  std::function<void()> drain_channels;  // set by InstallChannelRoutes
  // httplib's stop() does nothing until listen has begun, so a Stop() that comes
  // just before Serve() (a signal right after start-up) would be lost.
  std::mutex lifecycle_mu;
  bool stop_requested = false;  // guarded by lifecycle_mu
  bool serve_called = false;    // guarded by lifecycle_mu
  std::atomic<bool> serve_returned{false};

  Impl(const Config& c, ConversationService& conv, storage::Store& s, ChannelHooks hooks,
       const knowledge::KnowledgeBase* knowledge)
      : turns(c.http.max_turns_in_flight),
        // The real clock; a complaint's answers go to the client as staff turns.
        context{c, conv, s, hooks.channels, std::move(hooks.wake_outbox), knowledge, {}, {}},
        server(LimitsOf(c.http), [](LimitedServer::Drop drop) {
          if (drop == LimitedServer::Drop::kBodyTooLarge) {
            ProcessMetrics().RecordError(Status::Code::kTooLarge);  // as httplib's own 413
          } else {
            ProcessMetrics().RecordDroppedRequest(drop == LimitedServer::Drop::kRequestTimeout);
          }
        }) {
    context.turns = &turns;
    context.webhooks = hooks.webhooks;
    context.complaint_answered = ComplaintAnswerDelivery(context);
  }

  ~Impl() { ProcessMetrics().SetTurnsInFlightSource(nullptr); }

  void HandleMetrics(httplib::Response& res) {
    const MetricsConfig& m = context.config.metrics;
    res.set_content(ProcessMetrics().Render(context.store, context.now_ms(), int64_t{m.active_session_minutes} * 60000,
                                            m.gauge_cache_ms),
                    "text/plain; version=0.0.4; charset=utf-8");
  }

  void HandleHealth(httplib::Response& res) {
    if (Status s = context.store.Ping(); !s.ok()) {
      res.status = 503;
      res.set_content(R"({"status":"unavailable"})", kJson);
      return;
    }
    res.set_content(R"({"status":"ok"})", kJson);
  }

  Status InstallRoutes() {
    server.Get("/healthz", [this](const httplib::Request&, httplib::Response& res) { HandleHealth(res); });
    if (context.config.metrics.enabled) {
      ProcessMetrics().SetTurnsInFlightSource([this] { return turns.in_flight(); });
      server.Get("/metrics", [this](const httplib::Request&, httplib::Response& res) { HandleMetrics(res); });
    }
    if (Status s = InstallApiRoutes(server, context); !s.ok()) return s;
    if (Status s = InstallChannelRoutes(server, context, &drain_channels); !s.ok()) return s;
    if (Status s = InstallWidgetRoutes(server, context); !s.ok()) return s;
    if (Status s = InstallAdminRoutes(server, context); !s.ok()) return s;
    if (context.knowledge) InstallReportPageRoute(server, context);
    InstallExportLinkRoute(server, context);
    // Statuses httplib sets itself (404, 413, 400 on a malformed request …) get the
    // same error JSON as ours; answers that already have a body keep it.
    server.set_error_handler(httplib::Server::HandlerWithResponse(
        [](const httplib::Request&, httplib::Response& res) {
          if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
          Status s = res.status == 404   ? Status::NotFound("no such route")
                     : res.status == 413 ? Status::TooLarge("request body too large")
                     : res.status == 405 ? Status::InvalidArgument("method not allowed")
                                         : Status::InvalidArgument("bad request");
          const int status = res.status;
          SendError(res, s);
          res.status = status;
          return httplib::Server::HandlerResponse::Handled;
        }));
    server.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
      std::string what = "unknown exception";
      try {
        if (ep) std::rethrow_exception(ep);
      } catch (const std::exception& e) {
        what = e.what();
      } catch (...) {
      }
      LogError("request_failed", {{"path", req.path}, {"error", what}});
      SendError(res, Status::Internal(what));
    });
    return Status::Ok();
  }

  void Configure() {
    const HttpConfig& http = context.config.http;
    const size_t threads = http.threads;
    server.new_task_queue = [threads] { return new ConnectionThreadPool(threads, kMaxHttpThreads); };
    // The LimitedServer enforces these itself (ConnectionLimits); httplib also puts
    // the read and write timeouts on each accepted socket (SO_RCVTIMEO/SO_SNDTIMEO).
    server.set_payload_max_length(http.max_body_bytes);
    server.set_read_timeout(http.read_timeout_s);
    server.set_write_timeout(http.write_timeout_s);
    // Without TCP_NODELAY, Nagle's algorithm holds small answers back (~300 req/s).
    server.set_tcp_nodelay(true);
    // Remember the listening socket so its backlog can be raised after bind: the
    // library listens with a backlog of 5, which stalls bursts of new connections.
    server.set_socket_options([this](socket_t sock) {
      httplib::default_socket_options(sock);
      listen_fd = sock;
    });
  }
};

HttpServer::HttpServer(const Config& config, ConversationService& conversations,
                       storage::Store& store, ChannelHooks channels,
                       const knowledge::KnowledgeBase* knowledge)
    : impl_(std::make_unique<Impl>(config, conversations, store, std::move(channels), knowledge)) {}

HttpServer::~HttpServer() = default;

Status HttpServer::Bind(int* bound_port) {
  Impl& impl = *impl_;
  const Config& config = impl.context.config;
  impl.Configure();
  if (Status s = impl.InstallRoutes(); !s.ok()) return s;
  const std::string host = config.host();
  const int port = config.port();
  int bound = port;
  if (port == 0) {
    bound = impl.server.bind_to_any_port(host);
    if (bound < 0) bound = 0;
  } else if (!impl.server.bind_to_port(host, port)) {
    bound = 0;
  }
  if (bound <= 0) {
    return Status::Unavailable("cannot listen on " + config.listen +
                               " (address in use, or not an address of this machine)");
  }
  if (impl.listen_fd >= 0) ::listen(impl.listen_fd, config.http.listen_backlog);
  *bound_port = bound;
  return Status::Ok();
}

void HttpServer::Serve() {
  bool stop_requested = false;
  {
    std::lock_guard<std::mutex> lock(impl_->lifecycle_mu);
    stop_requested = impl_->stop_requested;
    impl_->serve_called = true;
  }
  if (!stop_requested) impl_->server.listen_after_bind();
  impl_->serve_returned = true;
  if (impl_->drain_channels) impl_->drain_channels();
}

void HttpServer::Stop() {
  {
    std::lock_guard<std::mutex> lock(impl_->lifecycle_mu);
    impl_->stop_requested = true;
    if (!impl_->serve_called) return;  // Serve will not listen
  }
  // Serve is about to listen: wait the moment until it does, so the stop holds.
  while (!impl_->server.is_running() && !impl_->serve_returned) std::this_thread::yield();
  impl_->server.stop();
}

}  // namespace careerbot::bot
