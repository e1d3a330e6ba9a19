#include "bot/metrics.h"

#include <cstdio>

#include "storage/store.h"

namespace careerbot::bot {
namespace {

constexpr auto kRelaxed = std::memory_order_relaxed;

void Help(std::string* out, const char* name, const char* type, const char* help) {
  *out += "# HELP ";
  *out += name;
  *out += ' ';
  *out += help;
  *out += "\n# TYPE ";
  *out += name;
  *out += ' ';
  *out += type;
  *out += '\n';
}

std::string Number(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.9g", v);
  return buffer;
}

// `name{labels} value`; labels are ours (fixed names, code names), never input.
void Sample(std::string* out, std::string_view name, std::string_view labels, const std::string& value) {
  *out += name;
  if (!labels.empty()) {
    *out += '{';
    *out += labels;
    *out += '}';
  }
  *out += ' ';
  *out += value;
  *out += '\n';
}

std::string Label(std::string_view key, std::string_view value) {
  return std::string(key) + "=\"" + std::string(value) + "\"";
}

std::string OutcomeName(size_t i) {
  if (i == 0) return "ok";
  if (i == 1) return "duplicate";
  return CodeName(static_cast<Status::Code>(i - 2));
}

}  // namespace

size_t Metrics::ChannelIndex(std::string_view channel) {
  for (size_t i = 0; i + 1 < kChannels.size(); ++i) {
    if (kChannels[i] == channel) return i;
  }
  return kChannels.size() - 1;
}

void Metrics::RecordTurn(std::string_view channel, const Status& status, bool duplicate, int64_t duration_us) {
  const size_t c = ChannelIndex(channel);
  const size_t outcome = status.ok() ? (duplicate ? 1 : 0) : 2 + static_cast<size_t>(status.code());
  if (outcome < turns_[c].size()) turns_[c][outcome].fetch_add(1, kRelaxed);
  const double seconds = static_cast<double>(duration_us) / 1e6;
  size_t bucket = 0;
  while (bucket < kLatencyBounds.size() && seconds > kLatencyBounds[bucket]) ++bucket;
  latency_buckets_[c][bucket].fetch_add(1, kRelaxed);
  latency_sum_us_[c].fetch_add(duration_us, kRelaxed);
}

void Metrics::RecordError(Status::Code code) {
  const size_t i = static_cast<size_t>(code);
  if (i < errors_.size()) errors_[i].fetch_add(1, kRelaxed);
}

void Metrics::RecordDroppedRequest(bool timeout) { errors_[kCodes + (timeout ? 0 : 1)].fetch_add(1, kRelaxed); }

void Metrics::RecordDeliveryFailure(std::string_view channel) {
  delivery_failures_[ChannelIndex(channel)].fetch_add(1, kRelaxed);
}

void Metrics::RecordHeldFetch(std::string_view channel) { held_fetches_[ChannelIndex(channel)].fetch_add(1, kRelaxed); }

void Metrics::SetTurnsInFlightSource(std::function<int64_t()> source) {
  std::lock_guard lock(gauge_mu_);
  turns_in_flight_ = std::move(source);
}

std::string Metrics::Render(storage::Store& store, int64_t now_ms, int64_t active_session_window_ms,
                            int64_t gauge_cache_ms) {
  std::string out;
  out.reserve(8192);
  Help(&out, "careerbot_turns_total", "counter",
       "Turns by channel and outcome (ok, duplicate: a redelivered message answered from the store, or the "
       "error code).");
  for (size_t c = 0; c < kChannels.size(); ++c) {
    for (size_t o = 0; o < turns_[c].size(); ++o) {
      const int64_t n = turns_[c][o].load(kRelaxed);
      // Every channel's ok count is shown (so a rate starts at 0); other outcomes once they occur.
      if (n == 0 && (o != 0 || kChannels[c] == "other")) continue;
      Sample(&out, "careerbot_turns_total", Label("channel", kChannels[c]) + "," + Label("outcome", OutcomeName(o)),
             std::to_string(n));
    }
  }
  Help(&out, "careerbot_turn_duration_seconds", "histogram",
       "Time from a turn's start to its answer (commit included), by channel.");
  for (size_t c = 0; c < kChannels.size(); ++c) {
    int64_t cumulative = 0;
    std::array<int64_t, kLatencyBounds.size() + 1> counts{};
    for (size_t b = 0; b < counts.size(); ++b) counts[b] = latency_buckets_[c][b].load(kRelaxed);
    for (int64_t n : counts) cumulative += n;
    if (cumulative == 0) continue;
    const std::string channel = Label("channel", kChannels[c]);
    cumulative = 0;
    for (size_t b = 0; b < counts.size(); ++b) {
      cumulative += counts[b];
      const std::string le = b < kLatencyBounds.size() ? Number(kLatencyBounds[b]) : "+Inf";
      Sample(&out, "careerbot_turn_duration_seconds_bucket", channel + "," + Label("le", le),
             std::to_string(cumulative));
    }
    Sample(&out, "careerbot_turn_duration_seconds_sum", channel,
           Number(static_cast<double>(latency_sum_us_[c].load(kRelaxed)) / 1e6));
    Sample(&out, "careerbot_turn_duration_seconds_count", channel, std::to_string(cumulative));
  }
  Help(&out, "careerbot_errors_total", "counter",
       "Error answers (the error JSON) of every route, by the code they carry.");
  for (size_t i = 1; i < errors_.size(); ++i) {
    const std::string kind = i == kCodes       ? "request_timeout"
                             : i == kCodes + 1 ? "header_too_large"
                                               : CodeName(static_cast<Status::Code>(i));
    Sample(&out, "careerbot_errors_total", Label("kind", kind), std::to_string(errors_[i].load(kRelaxed)));
  }
  Help(&out, "careerbot_outbox_delivery_failures_total", "counter",
       "Outbox delivery attempts that failed (retried later, or given up), by channel.");
  for (size_t c = 0; c < kChannels.size(); ++c) {
    const int64_t n = delivery_failures_[c].load(kRelaxed);
    if (n == 0 && kChannels[c] == "other") continue;
    Sample(&out, "careerbot_outbox_delivery_failures_total", Label("channel", kChannels[c]), std::to_string(n));
  }
  Help(&out, "careerbot_held_fetches_total", "counter",
       "Fetches of the replies held for a client (the widget during a hand-off); not turns.");
  for (size_t c = 0; c < kChannels.size(); ++c) {
    const int64_t n = held_fetches_[c].load(kRelaxed);
    if (n == 0 && kChannels[c] != "widget") continue;
    Sample(&out, "careerbot_held_fetches_total", Label("channel", kChannels[c]), std::to_string(n));
  }

  std::lock_guard lock(gauge_mu_);
  if (turns_in_flight_) {
    Help(&out, "careerbot_turns_in_flight", "gauge", "Turns running now (bounded by limits.max_turns_in_flight).");
    Sample(&out, "careerbot_turns_in_flight", "", std::to_string(turns_in_flight_()));
  }
  if (gauges_at_ms_ < 0 || now_ms - gauges_at_ms_ >= gauge_cache_ms || now_ms < gauges_at_ms_) {
    storage::OperationalCounts counts;
    std::string text;
    if (store.CountOperational(now_ms - active_session_window_ms, &counts).ok()) {
      Help(&text, "careerbot_store_up", "gauge", "1 when the store answered the gauges' query, else 0.");
      Sample(&text, "careerbot_store_up", "", "1");
      Help(&text, "careerbot_outbox_queued", "gauge", "Outbox entries waiting for delivery.");
      Sample(&text, "careerbot_outbox_queued", "", std::to_string(counts.outbox_queued));
      Help(&text, "careerbot_outbox_failed", "gauge", "Outbox entries given up after their last attempt.");
      Sample(&text, "careerbot_outbox_failed", "", std::to_string(counts.outbox_failed));
      Help(&text, "careerbot_handoffs_open", "gauge", "Hand-offs to a counsellor that are still open.");
      Sample(&text, "careerbot_handoffs_open", "", std::to_string(counts.handoffs_open));
      Help(&text, "careerbot_sessions_active", "gauge",
           "Clients whose session changed within metrics.active_session_minutes.");
      Sample(&text, "careerbot_sessions_active", "", std::to_string(counts.sessions_active));
    } else {
      Help(&text, "careerbot_store_up", "gauge", "1 when the store answered the gauges' query, else 0.");
      Sample(&text, "careerbot_store_up", "", "0");
    }
    gauges_text_ = std::move(text);
    gauges_at_ms_ = now_ms;
  }
  out += gauges_text_;
  return out;
}

Metrics& ProcessMetrics() {
  static Metrics metrics;
  return metrics;
}

}  // namespace careerbot::bot
