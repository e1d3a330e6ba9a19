// The complaint process of the specification, clause 6.2, as counsellors run it:
//
//   received ──► acknowledged ──► investigating ──► resolved ──► closed
//                                        └────────► rejected ──┘
//
// ONE table (complaint_workflow.cpp) says which move is allowed from each state;
// the routes, the 409 answer and docs/admin-api.md all read it. Each state but
// the last has a time limit (complaints.time_limits of the configuration),
// counted from the moment the complaint was filed: the time by which a complaint
// in that state is due to have moved on. A complaint past its limit is overdue.
//
// What the client is told when a counsellor answers is decided here too
// (ComplaintAnswerMessage), so that whatever delivers it into the client's channel
// says the same thing. Pure functions: no I/O, no clock of their own.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "knowledge/text_catalog.h"
#include "storage/complaint_records.h"

namespace careerbot::bot {

// The states a complaint may move to from `status`; empty for closed and for an
// unknown name.
const std::vector<std::string>& AllowedComplaintMoves(const std::string& status);
// Every state, in the order of the process.
const std::vector<std::string>& ComplaintStates();

// How long a complaint may be in each state, counted from its filing, in hours.
// Defaults: acknowledged within 1 day, investigation begun within 3, a decision
// (resolved or rejected) within 15, closed within 20.
struct ComplaintTimeLimits {
  int acknowledge_hours = 24;     // received
  int investigate_hours = 72;     // acknowledged
  int resolve_hours = 15 * 24;    // investigating
  int close_hours = 20 * 24;      // resolved, rejected
};

// InvalidArgument naming the key (complaints.time_limits.*) when a limit is not
// positive or a later step's limit is shorter than an earlier one's.
Status ValidateComplaintTimeLimits(const ComplaintTimeLimits& limits);

// When a complaint in `status` filed at filed_at_ms is due to have moved on; -1
// for closed (and an unknown state): no limit.
int64_t ComplaintDueAtMs(const ComplaintTimeLimits& limits, const std::string& status,
                         int64_t filed_at_ms);

struct OverdueComplaint {
  storage::ComplaintHandling handling;
  std::string limit;   // the key of the limit passed: "acknowledge_hours", …
  int64_t due_at_ms = 0;
  int64_t overdue_ms = 0;  // now - due_at_ms, more than 0
};

// The complaints past their limit at now_ms, the longest overdue first (then by
// ticket).
std::vector<OverdueComplaint> FindOverdueComplaints(
    const std::vector<storage::ComplaintHandling>& complaints, const ComplaintTimeLimits& limits,
    int64_t now_ms);

// A counsellor's answer to a client's complaint, as it was stored.
struct ComplaintAnswered {
  int64_t client_id = 0;
  std::string ticket;
  int64_t staff_id = 0;
  std::string answer;
  int64_t at_ms = 0;
};

// What delivers an answer into the client's channel (wired by the server; may be
// empty). Called after the answer is stored, on the request's thread; it must not
// block for long (queue the message, do not send it).
using ComplaintAnsweredHook = std::function<void(const ComplaintAnswered&)>;

// What the client is to be told: a text of knowledge/data/texts.json and its
// parameters, rendered in the client's language by whoever delivers it.
struct ClientMessage {
  std::string text_key;
  knowledge::TextParams params;
};

// "complaint.answered" with {ticket} and {answer}.
ClientMessage ComplaintAnswerMessage(const ComplaintAnswered& answered);

}  // namespace careerbot::bot
