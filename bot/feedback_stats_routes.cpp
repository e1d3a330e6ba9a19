// GET /admin/api/v1/feedback/stats (S-6.1): the statistics of feedback_stats.h
// over a period of UTC days, overall and, with by=counsellor, per counsellor.
// Aggregates name no client and need feedback.stats; the clients' comments
// (comments=true) are their own words, so they also need cases.read, and each
// client whose comment is shown gets an audit entry of its own.
#include "base/calendar_date.h"
#include "bot/admin_http.h"
#include "bot/feedback_stats.h"
#include "storage/store.h"

namespace careerbot::bot::admin {
namespace {

using nlohmann::json;

// YYYY-MM-DD (UTC) to the unix ms of that day's start; false when not a date.
bool ParseDay(const std::string& text, int64_t* ms) {
  if (!IsCalendarDate(text)) return false;
  *ms = DaysSinceEpoch(text) * 86400000;
  return true;
}

// The period, grouping and comments asked for; InvalidArgument naming the parameter.
Status ParseQuery(const httplib::Request& req, FeedbackPeriod* period, bool* by_counsellor,
                  bool* comments) {
  if (req.has_param("from") && !ParseDay(req.get_param_value("from"), &period->from_ms)) {
    return Status::InvalidArgument("from: must be a date YYYY-MM-DD");
  }
  if (req.has_param("to")) {
    if (!ParseDay(req.get_param_value("to"), &period->to_ms))
      return Status::InvalidArgument("to: must be a date YYYY-MM-DD");
    period->to_ms += 86400000 - 1;  // the whole day
  }
  if (period->from_ms > period->to_ms) return Status::InvalidArgument("from: must not be after to");
  const std::string by = req.get_param_value("by");
  if (req.has_param("by") && by != "counsellor") {
    return Status::InvalidArgument("by: must be counsellor (or left out)");
  }
  *by_counsellor = by == "counsellor";
  const std::string c = req.get_param_value("comments");
  if (req.has_param("comments") && c != "true" && c != "false") {
    return Status::InvalidArgument("comments: must be true or false");
  }
  *comments = c == "true";
  return Status::Ok();
}

Status CounsellorsJson(const RouteContext& context, const FeedbackStats& stats, json* out) {
  *out = json::array();
  for (const auto& [staff_id, tally] : stats.by_counsellor) {
    std::optional<storage::StaffRecord> staff;
    if (Status s = context.store.FindStaff(staff_id, &staff); !s.ok()) return s;
    json item = {{"staff_id", staff_id},
                 {"name", staff ? json(staff->name) : json(nullptr)},
                 {"title", staff ? json(staff->title) : json(nullptr)}};
    item.update(tally.ToJson());
    out->push_back(std::move(item));
  }
  return Status::Ok();
}

void GetFeedbackStats(const RouteContext& context, const Caller& caller,
                      const httplib::Request& req, httplib::Response& res) {
  FeedbackPeriod period;
  bool by_counsellor = false, comments = false;
  if (Status s = ParseQuery(req, &period, &by_counsellor, &comments); !s.ok()) {
    return SendError(res, s);
  }
  if (comments && !RoleMay(caller.staff.role, Permission::kReadCases)) {
    return SendError(res, Status::PermissionDenied(
                              "comments=true needs permission cases.read (the comments are the "
                              "clients' own words)"));
  }
  FeedbackStats stats;
  Status s = CollectFeedbackStats(context.store, period, &stats);
  json body = {{"from", req.has_param("from") ? json(req.get_param_value("from")) : json(nullptr)},
               {"to", req.has_param("to") ? json(req.get_param_value("to")) : json(nullptr)}};
  body.update(stats.all.ToJson());
  if (s.ok() && by_counsellor) {
    json counsellors;
    s = CounsellorsJson(context, stats, &counsellors);
    body["counsellors"] = counsellors;
    body["unassigned"] = stats.unassigned.ToJson();
  }
  if (s.ok()) {
    s = Audit(context, caller, "feedback.stats", by_counsellor ? "feedback?by=counsellor" : "feedback",
              std::nullopt);
  }
  if (s.ok() && comments) {
    json items = json::array();
    std::optional<int64_t> last_client;
    for (const FeedbackComment& c : stats.comments) {
      // One entry per client whose words are shown, before they are.
      if (s.ok() && c.client_id != last_client) {
        s = Audit(context, caller, "feedback.comments", "feedback/comments", c.client_id);
        last_client = c.client_id;
      }
      items.push_back({{"client_id", c.client_id},
                       {"rating", c.rating},
                       {"comment", c.comment},
                       {"at_ms", c.at_ms},
                       {"staff_id", c.staff_id ? json(*c.staff_id) : json(nullptr)}});
    }
    body["comments"] = items;
  }
  if (!s.ok()) return SendError(res, s);
  SendJson(res, body);
}

}  // namespace

void InstallFeedbackStatsRoutes(httplib::Server& server, const RouteContext& context) {
  server.Get("/admin/api/v1/feedback/stats",
             Guard(context, Permission::kReadFeedbackStats, Bound(context, GetFeedbackStats)));
}

}  // namespace careerbot::bot::admin
