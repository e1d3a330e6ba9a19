#include "bot/http_server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>

#include "adapters/json_api.h"
#include "adapters/standard_webhooks.h"
#include "bot/conversation_service.h"
#include "bot/log.h"
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
    case Status::Code::kTooLarge: return 413;
    case Status::Code::kResourceExhausted: return 429;
    case Status::Code::kUnavailable: return 503;
    case Status::Code::kInternal: return 500;
  }
  return 500;
}

void SendError(httplib::Response& res, const Status& s) {
  res.status = HttpStatusFor(s);
  // Internal errors may carry details meant for the log, not for the caller.
  const std::string message =
      s.code() == Status::Code::kInternal ? "internal error" : s.message();
  res.set_content(adapters::RenderApiError(CodeName(s.code()), message), kJson);
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool IsJsonContentType(const std::string& value) {
  return value.rfind("application/json", 0) == 0;
}

}  // namespace

struct HttpServer::Impl {
  const Config& config;
  ConversationService& conversations;
  storage::Store& store;
  httplib::Server server;
  std::optional<adapters::StandardWebhookKey> api_key;
  std::atomic<int> listen_fd{-1};

  Impl(const Config& c, ConversationService& conv, storage::Store& s)
      : config(c), conversations(conv), store(s) {}

  void HandleHealth(httplib::Response& res) {
    if (Status s = store.Ping(); !s.ok()) {
      res.status = 503;
      res.set_content(R"({"status":"unavailable"})", kJson);
      return;
    }
    res.set_content(R"({"status":"ok"})", kJson);
  }

  Status CheckSignature(const httplib::Request& req) {
    if (!api_key) return Status::Ok();
    return api_key->Verify(req.get_header_value("webhook-id"),
                           req.get_header_value("webhook-timestamp"),
                           req.get_header_value("webhook-signature"), req.body, NowMs() / 1000,
                           config.api.timestamp_tolerance_s);
  }

  void HandleApiMessage(const httplib::Request& req, httplib::Response& res) {
    if (req.has_header("Content-Type") && !IsJsonContentType(req.get_header_value("Content-Type"))) {
      return SendError(res, Status::InvalidArgument("Content-Type must be application/json"));
    }
    if (Status s = CheckSignature(req); !s.ok()) return SendError(res, s);
    dialog::Inbound inbound;
    if (Status s = adapters::ParseApiMessage(req.body, NowMs(), &inbound); !s.ok()) {
      return SendError(res, s);
    }
    dialog::TurnAnswer answer;
    if (Status s = conversations.HandleTurn(inbound, &answer); !s.ok()) {
      LogError("turn_failed", {{"channel", "api"}, {"error", s.ToString()}});
      return SendError(res, s);
    }
    res.set_content(adapters::RenderApiAnswer(answer), kJson);
  }

  void InstallRoutes() {
    server.Get("/healthz", [this](const httplib::Request&, httplib::Response& res) { HandleHealth(res); });
    if (config.api.enabled) {
      server.Post("/api/v1/messages", [this](const httplib::Request& req, httplib::Response& res) {
        HandleApiMessage(req, res);
      });
    }
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
    server.set_exception_handler([](const httplib::Request& req, httplib::Response& res,
                                    std::exception_ptr ep) {
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
  }

  void Configure() {
    const HttpConfig& http = config.http;
    const size_t threads = http.threads;
    server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    server.set_payload_max_length(http.max_body_bytes);
    server.set_read_timeout(http.read_timeout_s);
    server.set_write_timeout(http.write_timeout_s);
    server.set_keep_alive_max_count(http.keep_alive_max_count);
    server.set_keep_alive_timeout(http.keep_alive_timeout_s);
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
                       storage::Store& store)
    : impl_(std::make_unique<Impl>(config, conversations, store)) {}

HttpServer::~HttpServer() = default;

Status HttpServer::Bind(int* bound_port) {
  Impl& impl = *impl_;
  if (!impl.config.api.secret.empty()) {
    adapters::StandardWebhookKey key;
    if (Status s = adapters::StandardWebhookKey::Parse(impl.config.api.secret, &key); !s.ok()) {
      return Status::InvalidArgument("channels.api.secret: " + s.message());
    }
    impl.api_key = key;
  }
  impl.Configure();
  impl.InstallRoutes();
  const std::string host = impl.config.host();
  const int port = impl.config.port();
  int bound = port;
  if (port == 0) {
    bound = impl.server.bind_to_any_port(host);
    if (bound < 0) bound = 0;
  } else if (!impl.server.bind_to_port(host, port)) {
    bound = 0;
  }
  if (bound <= 0) {
    return Status::Unavailable("cannot listen on " + impl.config.listen +
                               " (address in use, or not an address of this machine)");
  }
  if (impl.listen_fd >= 0) ::listen(impl.listen_fd, impl.config.http.listen_backlog);
  *bound_port = bound;
  return Status::Ok();
}

void HttpServer::Serve() { impl_->server.listen_after_bind(); }

void HttpServer::Stop() { impl_->server.stop(); }

}  // namespace careerbot::bot
