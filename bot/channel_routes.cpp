// The messaging channels' webhooks (docs/channels.md):
//
//   GET,POST /wechat/{account}   GET,POST /wecom/{app}   POST /feishu/{app}
//   POST /dingtalk/{robot}       POST /telegram/{bot}
//
// One request, as adapters/channel.h describes it: the adapter verifies and parses
// it (400 / 401 and nothing changed when it refuses); an immediate answer (URL
// verification, an ignored event) goes back as is; each message runs through the
// conversation service, where a redelivered message id is answered from the store.
//
// The reply window. Platforms wait a few seconds for the HTTP answer (WeChat 5,
// Feishu 3) and deliver again when it does not come. So a turn runs on a pool
// thread while the request waits for it up to channels.reply_budget_ms:
//   - finished in time: the answer is the adapter's rendering, a passive reply
//     where the platform has one, and the rest goes to the outbox;
//   - not finished: the request is answered with the adapter's Ack() at once and
//     the turn, when it gets to its commit, renders everything as API calls.
// Which of the two happens is decided once, under the job's mutex, by whichever
// side gets there first: the turn before it commits, or the request when its
// budget runs out. The outbox entries are written in the turn's transaction.
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "adapters/channels.h"
#include "bot/channel_accounts.h"
#include "bot/conversation_service.h"
#include "bot/log.h"
#include "bot/routes.h"
#include "storage/records.h"

namespace careerbot::bot {
namespace {

// Marks a stored answer whose replies all went through the outbox, so that a
// redelivery of its message is acknowledged instead of answered passively (the
// client already gets every reply from the outbox). ParseApiAnswer ignores it.
constexpr char kDeliveryKey[] = "delivery";
constexpr char kDeliveryOutbox[] = "outbox";

std::string MarkDeferred(const std::string& answer_json) {
  auto j = nlohmann::ordered_json::parse(answer_json, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return answer_json;
  j[kDeliveryKey] = kDeliveryOutbox;
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

bool WasDeferred(const std::string& answer_json) {
  const auto j = nlohmann::json::parse(answer_json, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return false;
  const auto it = j.find(kDeliveryKey);
  return it != j.end() && it->is_string() && it->get<std::string>() == kDeliveryOutbox;
}

// A fixed set of threads running the channels' turns. Submit refuses work beyond
// `max_queued` waiting jobs (the platform then gets 503 and delivers again later).
class TurnPool {
 public:
  TurnPool(int threads, size_t max_queued) : max_queued_(max_queued) {
    for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { Run(); });
  }
  ~TurnPool() { Drain(); }

  bool Submit(std::function<void()> job) {
    std::lock_guard<std::mutex> lock(mu_);
    if (draining_ || queue_.size() >= max_queued_) return false;
    queue_.push_back(std::move(job));
    cv_.notify_one();
    return true;
  }

  // Runs every queued job to its end, then joins the threads. Idempotent.
  void Drain() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      draining_ = true;
      cv_.notify_all();
    }
    for (std::thread& t : threads_) {
      if (t.joinable()) t.join();
    }
  }

 private:
  void Run() {
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
      cv_.wait(lock, [this] { return draining_ || !queue_.empty(); });
      if (queue_.empty()) return;  // draining and nothing left
      std::function<void()> job = std::move(queue_.front());
      queue_.pop_front();
      lock.unlock();
      job();
      lock.lock();
    }
  }

  const size_t max_queued_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  bool draining_ = false;
  std::vector<std::thread> threads_;
};

// One message's turn, shared by the request that waits for it and the pool thread
// that runs it.
struct TurnJob {
  enum class Mode { kUndecided, kPassive, kDeferred };

  TurnJob(const adapters::Channel& c, adapters::InboundMessage m) : channel(c), message(std::move(m)) {}

  // The first caller's wish wins; every caller learns the decision.
  Mode Decide(Mode wanted) {
    std::lock_guard<std::mutex> lock(mu);
    if (mode == Mode::kUndecided) mode = wanted;
    return mode;
  }

  const adapters::Channel& channel;
  const adapters::InboundMessage message;
  std::mutex mu;
  std::condition_variable cv;
  Mode mode = Mode::kUndecided;  // guarded by mu, as are the members below
  bool done = false;
  Status status;
  adapters::HttpAnswer http;
};

class ChannelRoutes {
 public:
  explicit ChannelRoutes(const RouteContext& context)
      : context_(context),
        pool_(context.config.http.threads, static_cast<size_t>(context.config.http.threads) * 16) {}

  void Handle(std::string_view platform, const httplib::Request& req, httplib::Response& res) {
    const std::string account = req.matches.size() > 1 ? req.matches[1].str() : std::string();
    const adapters::Channel* channel = FindChannel(*context_.channels, platform, account);
    if (channel == nullptr) {
      return SendError(res, Status::NotFound("no " + std::string(platform) + " account \"" + account + "\""));
    }
    adapters::ChannelRequest request = ToChannelRequest(req, account);
    adapters::ParseResult parsed;
    if (Status s = channel->Parse(request, &parsed); !s.ok()) {
      // What the adapter says names fields and checks, never content.
      LogInfo("channel_refused", {{"channel", std::string(platform)}, {"account", account},
                                  {"error", s.ToString()}});
      return SendError(res, s);
    }
    if (parsed.immediate) return Write(*parsed.immediate, res);
    adapters::HttpAnswer answer = channel->Ack();
    // Only a request that carries a single message can be answered in its reply.
    const bool may_be_passive = parsed.messages.size() == 1;
    for (adapters::InboundMessage& message : parsed.messages) {
      Status s = message.kind == adapters::InboundKind::kStop
                     ? context_.conversations.MarkInactive(message.inbound)
                     : RunWithinBudget(*channel, std::move(message), may_be_passive, &answer);
      if (!s.ok()) return SendError(res, s);  // nothing committed: the platform delivers again
    }
    Write(answer, res);
  }

  void Drain() { pool_.Drain(); }

 private:
  adapters::ChannelRequest ToChannelRequest(const httplib::Request& req, const std::string& account) const {
    adapters::ChannelRequest r;
    r.method = req.method;
    r.account = account;
    const size_t q = req.target.find('?');
    if (q != std::string::npos) r.query = adapters::ParseQuery(std::string_view(req.target).substr(q + 1));
    for (const auto& [name, value] : req.headers) {
      std::string lower = name;
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      r.headers.emplace(std::move(lower), value);
    }
    r.body = req.body;
    r.now_ms = context_.now_ms();
    return r;
  }

  static void Write(const adapters::HttpAnswer& answer, httplib::Response& res) {
    res.status = answer.status;
    res.set_content(answer.body, answer.content_type.c_str());
  }

  // Runs the message's turn on the pool and waits for it up to the budget; fills
  // *answer with what the request is to answer.
  Status RunWithinBudget(const adapters::Channel& channel, adapters::InboundMessage message, bool may_be_passive,
                         adapters::HttpAnswer* answer) {
    auto job = std::make_shared<TurnJob>(channel, std::move(message));
    const int budget_ms = context_.config.channels.reply_budget_ms;
    if (!may_be_passive || budget_ms == 0) job->Decide(TurnJob::Mode::kDeferred);
    if (!pool_.Submit([this, job] { Run(*job); })) {
      return Status::Unavailable("too many turns in progress; try again later");
    }
    std::unique_lock<std::mutex> lock(job->mu);
    const bool in_time =
        job->cv.wait_for(lock, std::chrono::milliseconds(budget_ms), [&] { return job->done; });
    if (!in_time && job->mode == TurnJob::Mode::kUndecided) job->mode = TurnJob::Mode::kDeferred;
    if (!job->done && job->mode == TurnJob::Mode::kDeferred) {
      LogInfo("turn_deferred", {{"channel", std::string(channel.platform())},
                                {"account", job->message.inbound.account}});
      *answer = channel.Ack();
      return Status::Ok();
    }
    // Finished, or committing with its passive reply: wait for it.
    job->cv.wait(lock, [&] { return job->done; });
    if (!job->status.ok()) return job->status;
    *answer = job->http;
    return Status::Ok();
  }

  // The pool thread's side of a TurnJob.
  void Run(TurnJob& job) {
    const adapters::InboundMessage& m = job.message;
    dialog::Inbound inbound = m.inbound;
    // A start (followed, /start) and a message the bot cannot read remind the
    // client where they are: a first contact is welcomed, a known client is shown
    // the question they were at.
    if (m.kind == adapters::InboundKind::kStart) inbound.signal = dialog::Inbound::Signal::kResume;
    if (m.kind == adapters::InboundKind::kUnsupported) inbound.signal = dialog::Inbound::Signal::kUnreadable;
    adapters::HttpAnswer http;
    size_t queued = 0;
    auto before_commit = [&](const dialog::TurnAnswer& answer, storage::TurnWrite* turn) {
      const bool passive = job.Decide(TurnJob::Mode::kPassive) == TurnJob::Mode::kPassive;
      adapters::RenderResult rendered;
      if (Status s = job.channel.Render(answer, m.reply_context, {context_.now_ms(), passive}, &rendered); !s.ok()) {
        return s;
      }
      for (const adapters::OutboundRequest& r : rendered.outbound) {
        turn->outbox.push_back({{turn->key.channel, turn->key.account}, EncodeOutboundRequest(r)});
      }
      queued = rendered.outbound.size();
      // Kept with the session, so staff can write to the client later (channel_push.h).
      turn->reply_context = m.reply_context;
      if (!passive) turn->answer_json = MarkDeferred(turn->answer_json);
      http = std::move(rendered.http);
      return Status::Ok();
    };
    ConversationService::TurnOutcome outcome;
    Status s = context_.conversations.RunTurn(inbound, before_commit, &outcome);
    if (s.ok() && outcome.duplicate) {
      // Answered before: the same way again, with nothing queued a second time.
      const bool passive = job.Decide(TurnJob::Mode::kPassive) == TurnJob::Mode::kPassive;
      http = job.channel.Ack();
      if (passive && !WasDeferred(outcome.answer_json)) {
        adapters::RenderResult rendered;
        s = job.channel.Render(outcome.answer, m.reply_context, {context_.now_ms(), true}, &rendered);
        if (s.ok()) http = std::move(rendered.http);
      }
    }
    if (!s.ok()) {
      LogError("turn_failed", {{"channel", inbound.channel}, {"account", inbound.account}, {"error", s.ToString()}});
    } else if (queued > 0 && context_.wake_outbox) {
      context_.wake_outbox();
    }
    std::lock_guard<std::mutex> lock(job.mu);
    job.done = true;
    job.status = s;
    job.http = std::move(http);
    job.cv.notify_all();
  }

  const RouteContext& context_;
  TurnPool pool_;
};

}  // namespace

Status InstallChannelRoutes(httplib::Server& server, const RouteContext& context, std::function<void()>* drain) {
  // Without accounts there is nothing to route (the paths are then plain 404s),
  // and no turn pool to keep.
  if (context.channels == nullptr || context.channels->empty()) return Status::Ok();
  auto routes = std::make_shared<ChannelRoutes>(context);
  // The {account} of every platform's route: configuration keys are 1-64 of these.
  const std::string key = "/([A-Za-z0-9_-]{1,64})";
  for (std::string_view platform : {"wechat", "wecom"}) {
    server.Get("/" + std::string(platform) + key,
               [routes, platform](const httplib::Request& req, httplib::Response& res) {
                 routes->Handle(platform, req, res);
               });
  }
  for (std::string_view platform : adapters::kChannelPlatforms) {
    server.Post("/" + std::string(platform) + key,
                [routes, platform](const httplib::Request& req, httplib::Response& res) {
                  routes->Handle(platform, req, res);
                });
  }
  *drain = [routes] { routes->Drain(); };
  return Status::Ok();
}

}  // namespace careerbot::bot
