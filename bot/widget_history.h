// The conversation a website widget visitor sees again after a page reload, read
// from the store: each turn's message and the bot's replies, with the last turn's
// answer (its buttons and progress) so the visitor continues where they were.
#pragma once

#include <cstddef>

#include "base/status.h"

namespace careerbot::adapters {
struct WidgetHistory;
}
namespace careerbot::storage {
class Store;
struct ClientKey;
}  // namespace careerbot::storage

namespace careerbot::bot {

// Fills *out from the client's journal and the answers kept for its message ids,
// keeping the last `max_turns` turns (older ones: out->truncated).
//
// What a visitor sent is shown as the journal keeps it: a pressed button as that
// button's label (found in the answer of the turn before), nothing for the turns
// before the privacy notice was accepted (nothing the client wrote is kept then),
// nor for data the client had erased. The bot's replies come from the answers kept
// for duplicate ids, so their buttons and links come back too; where an answer is
// missing, from the journal's texts. The language is the session's.
//
// Reads only; a client never seen yields an empty history in Chinese.
Status LoadWidgetHistory(storage::Store& store, const storage::ClientKey& key, size_t max_turns,
                         adapters::WidgetHistory* out);

}  // namespace careerbot::bot
