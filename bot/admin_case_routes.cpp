// The admin API's reads of clients' services: cases (status derived per
// admin_case.h), open hand-offs, complaints and feedback statistics. Every one
// writes its audit entry before it answers.
//
// The lists walk the clients in pages of the store (ListClients) and read each
// one's records: fine for the thousands of clients of one institution; an index
// per status joins when the case workflow stores its transitions.
#include <algorithm>
#include <set>
#include <tuple>

#include "bot/admin_case.h"
#include "bot/admin_http.h"
#include "storage/store.h"

namespace careerbot::bot::admin {
namespace {

using nlohmann::json;

constexpr size_t kScanPage = 200;

// Calls visit(client) for every client with an id above after_id, in id order,
// until it returns false.
template <typename Visit>
Status ForEachClient(storage::Store& store, int64_t after_id, Visit visit) {
  for (;;) {
    std::vector<storage::ClientSummary> page;
    if (Status s = store.ListClients({after_id, kScanPage}, &page); !s.ok()) return s;
    for (const auto& c : page) {
      bool go_on = true;
      if (Status s = visit(c, &go_on); !s.ok() || !go_on) return s;
    }
    if (page.size() < kScanPage) return Status::Ok();
    after_id = page.back().client_id;
  }
}

void ListCases(const RouteContext& context, const Caller& caller, const httplib::Request& req,
               httplib::Response& res) {
  size_t limit = 0;
  int64_t after = 0;
  Status s = ParsePage(req, &limit, &after);
  std::optional<CaseStatus> filter;
  if (s.ok() && req.has_param("status")) {
    CaseStatus st = CaseStatus::kNeedsSurvey;
    if (!ParseCaseStatus(req.get_param_value("status"), &st)) {
      s = Status::InvalidArgument(
          "status: must be one of needs_survey, agreement_signed, plan_proposed, "
          "plan_approved, in_progress, report_drafted, report_final, closed");
    }
    filter = st;
  }
  if (!s.ok()) return SendError(res, s);
  json items = json::array();
  bool more = false;
  int64_t last = 0;
  s = ForEachClient(context.store, after, [&](const storage::ClientSummary& c, bool* go_on) {
    if (items.size() == limit) {  // a further match exists only if one is found: look for it
      CaseStatus st;
      Status ls = LoadCaseStatus(context.store, c, &st);
      if (ls.ok() && (!filter || st == *filter)) {
        more = true;
        *go_on = false;
      }
      return ls;
    }
    CaseStatus st;
    Status ls = LoadCaseStatus(context.store, c, &st);
    if (ls.ok() && (!filter || st == *filter)) {
      items.push_back(CaseSummaryJson(c, st));
      last = c.client_id;
    }
    return ls;
  });
  if (s.ok()) {
    s = Audit(context, caller, "cases.list",
              req.has_param("status") ? "cases?status=" + req.get_param_value("status") : "cases",
              std::nullopt);
  }
  if (!s.ok()) return SendError(res, s);
  json body = {{"cases", items}};
  body["next_cursor"] = more ? json(std::to_string(last)) : json(nullptr);
  SendJson(res, body);
}

void GetCase(const RouteContext& context, const Caller& caller, const httplib::Request& req,
             httplib::Response& res) {
  int64_t id = 0;
  if (!ParseId(req.matches[1], &id)) return SendError(res, Status::NotFound("no such case"));
  std::vector<storage::ClientSummary> one;
  Status s = context.store.ListClients({id - 1, 1}, &one);
  if (s.ok() && (one.empty() || one[0].client_id != id)) s = Status::NotFound("no such case");
  json body;
  if (s.ok()) s = CaseDetailJson(context.store, one[0], &body);
  // Written before the data goes out: a read the log cannot record is not answered.
  if (s.ok()) s = Audit(context, caller, "case.read", "case", id);
  if (!s.ok()) return SendError(res, s);
  SendJson(res, body);
}

void ListHandoffs(const RouteContext& context, const Caller& caller, const httplib::Request& req,
                  httplib::Response& res) {
  static const std::set<std::string> kStatuses = {"open", "taken", "ended"};
  const std::string status = req.get_param_value("status");
  if (req.has_param("status") && !kStatuses.count(status)) {
    return SendError(res, Status::InvalidArgument("status: must be open, taken or ended"));
  }
  std::vector<std::tuple<int64_t, int64_t, storage::HandoffRecord>> rows;  // (at, client, record)
  Status s = ForEachClient(context.store, 0, [&](const storage::ClientSummary& c, bool*) {
    std::vector<storage::HandoffRecord> v;
    Status ls = context.store.ListHandoffs(c.client_id, &v);
    for (const auto& h : v) {
      if (status.empty() || h.status == status)
        rows.emplace_back(h.requested_at_ms, c.client_id, h);
    }
    return ls;
  });
  if (s.ok())
    s = Audit(context, caller, "handoffs.list",
              status.empty() ? "handoffs" : "handoffs?status=" + status, std::nullopt);
  if (!s.ok()) return SendError(res, s);
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    // Urgent ones first, then the oldest request.
    return std::make_tuple(!std::get<2>(a).urgent, std::get<0>(a), std::get<1>(a)) <
           std::make_tuple(!std::get<2>(b).urgent, std::get<0>(b), std::get<1>(b));
  });
  json items = json::array();
  for (const auto& [at, client, h] : rows) {
    items.push_back({{"id", h.id},
                     {"client_id", client},
                     {"reason", h.reason},
                     {"urgent", h.urgent},
                     {"status", h.status},
                     {"requested_at_ms", at},
                     {"taken_by", h.taken_by ? json(*h.taken_by) : json(nullptr)}});
  }
  SendJson(res, {{"handoffs", items}});
}

void ListComplaints(const RouteContext& context, const Caller& caller, const httplib::Request& req,
                    httplib::Response& res) {
  static const std::set<std::string> kStatuses = {"received", "acknowledged", "investigating",
                                                  "resolved", "rejected",     "closed"};
  const std::string status = req.get_param_value("status");
  if (req.has_param("status") && !kStatuses.count(status)) {
    return SendError(
        res,
        Status::InvalidArgument(
            "status: must be received, acknowledged, investigating, resolved, rejected or closed"));
  }
  std::vector<std::pair<int64_t, storage::ComplaintRecord>> rows;
  Status s = ForEachClient(context.store, 0, [&](const storage::ClientSummary& c, bool*) {
    std::vector<storage::ComplaintRecord> v;
    Status ls = context.store.ListComplaints(c.client_id, &v);
    for (const auto& r : v) {
      if (status.empty() || r.status == status) rows.emplace_back(c.client_id, r);
    }
    return ls;
  });
  if (s.ok())
    s = Audit(context, caller, "complaints.list",
              status.empty() ? "complaints" : "complaints?status=" + status, std::nullopt);
  if (!s.ok()) return SendError(res, s);
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return std::tie(a.second.filed_at_ms, a.second.ticket) <
           std::tie(b.second.filed_at_ms, b.second.ticket);
  });
  json items = json::array();
  for (const auto& [client, r] : rows) {
    // The description and contact stay in the case (GET /cases/{id}): a list shows no personal
    // text.
    items.push_back({{"client_id", client},
                     {"ticket", r.ticket},
                     {"category", r.category},
                     {"status", r.status},
                     {"filed_at_ms", r.filed_at_ms},
                     {"updated_at_ms", r.updated_at_ms}});
  }
  SendJson(res, {{"complaints", items}});
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

// YYYY-MM-DD (UTC) to the unix ms of that day's start; false when not a date.
bool ParseDay(const std::string& text, int64_t* ms) {
  storage::TrainingRecord probe;  // the training's date rule is the calendar rule
  probe.date = text;
  probe.topic = "-";
  probe.kind = "knowledge";
  probe.hours = 1;
  if (!storage::ValidateTraining(probe).ok()) return false;
  *ms = DaysFromCivil(std::stoi(text.substr(0, 4)), std::stoi(text.substr(5, 2)),
                      std::stoi(text.substr(8, 2))) *
        86400000;
  return true;
}

void FeedbackStats(const RouteContext& context, const Caller& caller, const httplib::Request& req,
                   httplib::Response& res) {
  int64_t from = INT64_MIN, to = INT64_MAX;
  const std::string from_text = req.get_param_value("from"), to_text = req.get_param_value("to");
  if (req.has_param("from") && !ParseDay(from_text, &from)) {
    return SendError(res, Status::InvalidArgument("from: must be a date YYYY-MM-DD"));
  }
  if (req.has_param("to")) {
    if (!ParseDay(to_text, &to))
      return SendError(res, Status::InvalidArgument("to: must be a date YYYY-MM-DD"));
    to += 86400000 - 1;  // the whole day
  }
  if (from > to) return SendError(res, Status::InvalidArgument("from: must not be after to"));
  int64_t count = 0, sum = 0;
  int64_t distribution[6] = {0, 0, 0, 0, 0, 0};
  int64_t yes = 0, partly = 0, no = 0, not_asked = 0;
  Status s = ForEachClient(context.store, 0, [&](const storage::ClientSummary& c, bool*) {
    std::vector<storage::FeedbackRecord> v;
    Status ls = context.store.ListFeedback(c.client_id, &v);
    for (const auto& f : v) {
      if (f.at_ms < from || f.at_ms > to || f.rating < 1 || f.rating > 5) continue;
      ++count;
      sum += f.rating;
      ++distribution[f.rating];
      const std::string g = f.goals_met.value_or("");
      (g == "yes" ? yes : g == "partly" ? partly : g == "no" ? no : not_asked)++;
    }
    return ls;
  });
  if (s.ok()) s = Audit(context, caller, "feedback.stats", "feedback", std::nullopt);
  if (!s.ok()) return SendError(res, s);
  json dist = json::object();
  for (int r = 1; r <= 5; ++r) dist[std::to_string(r)] = distribution[r];
  SendJson(res, {{"from", req.has_param("from") ? json(from_text) : json(nullptr)},
                 {"to", req.has_param("to") ? json(to_text) : json(nullptr)},
                 {"count", count},
                 {"mean", count ? json(static_cast<double>(sum) / static_cast<double>(count))
                                : json(nullptr)},
                 {"distribution", dist},
                 {"goals_met",
                  {{"yes", yes}, {"partly", partly}, {"no", no}, {"not_asked", not_asked}}}});
}

}  // namespace

void InstallCaseRoutes(httplib::Server& server, const RouteContext& context) {
  const std::string p = "/admin/api/v1";
  const RouteContext& c = context;
  auto route = [&c](void (*fn)(const RouteContext&, const Caller&, const httplib::Request&,
                               httplib::Response&)) {
    return [&c, fn](const Caller& who, const httplib::Request& req, httplib::Response& res) {
      fn(c, who, req, res);
    };
  };
  server.Get(p + "/cases", Guard(c, Permission::kReadCases, route(ListCases)));
  server.Get(p + R"(/cases/(\d+))", Guard(c, Permission::kReadCases, route(GetCase)));
  server.Get(p + "/handoffs", Guard(c, Permission::kReadCases, route(ListHandoffs)));
  server.Get(p + "/complaints", Guard(c, Permission::kReadCases, route(ListComplaints)));
  server.Get(p + "/feedback/stats", Guard(c, Permission::kReadFeedbackStats, route(FeedbackStats)));
}

}  // namespace careerbot::bot::admin
