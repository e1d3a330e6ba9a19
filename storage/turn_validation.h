// Private to storage/: the input rules every Store implementation applies to a
// TurnWrite before it writes anything, so that the SQLite and in-memory stores
// refuse exactly the same turns. The SQLite schema repeats them as CHECKs, a
// second net for writers that bypass this code.
#pragma once

#include <vector>

#include "base/status.h"
#include "storage/records.h"

namespace careerbot::storage {

// InvalidArgument naming the first broken rule (never the offending value, which
// may be personal data); OK otherwise.
Status ValidateTurn(const TurnWrite& turn);

// The rules for queued requests (TurnWrite::outbox, QueueOutbox): a destination
// channel and a request that are not empty. `what` starts the message ("turn").
Status ValidateOutboxRequests(const std::vector<OutboxRequest>& requests, const char* what);

// The rules for RecordOutboxAttempt: attempts >= 1; an error exactly when the
// attempt failed (queued again or given up).
Status ValidateOutboxAttempt(const OutboxAttempt& attempt);

// The rule for FindAnswer's message_id, shared for the same reason.
// CaseNote's rule (store.h, AddCaseNote).
Status ValidateCaseNote(const CaseNote& note);
Status ValidateMessageId(const std::string& message_id);

}  // namespace careerbot::storage
