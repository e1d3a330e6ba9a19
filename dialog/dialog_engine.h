// DialogEngine: the facade bot/ calls to run one turn of a conversation.
//
// A turn restores the service machine from the session's snapshot (state id and
// context JSON), feeds it what the client sent, and returns the replies, the new
// snapshot and the domain events the records must keep. The engine holds no
// per-client state: it is immutable after Create and safe to call from many
// threads at once, as long as one client's turns do not overlap (the caller
// serialises them).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "dialog/messages.h"

namespace careerbot::knowledge {
struct KnowledgeBase;
}

namespace careerbot::dialog {

struct EngineOptions {
  std::string institution_name;  // shown in the welcome and the privacy notice
};

struct TurnResult {
  TurnAnswer answer;
  std::vector<DomainEvent> events;
  std::string state;         // the new snapshot: innermost state id …
  std::string context_json;  // … and context
  bool consented = false;    // whether the client has agreed to the privacy notice
};

class DialogEngine {
 public:
  // Checks that the knowledge base has every text (with the placeholders the
  // engine fills) and intent the engine uses; InvalidArgument names what is missing.
  static Status Create(const knowledge::KnowledgeBase& kb, EngineOptions options,
                       std::unique_ptr<DialogEngine>* out);

  // Runs one turn. `state` and `context_json` are the stored snapshot (both empty
  // on first contact). Internal when the machine fails; the snapshot is then
  // unchanged and nothing must be committed.
  Status Process(const std::string& state, const std::string& context_json,
                 const Inbound& inbound, TurnResult* out) const;

 private:
  DialogEngine(const knowledge::KnowledgeBase& kb, EngineOptions options)
      : kb_(kb), options_(std::move(options)) {}
  const knowledge::KnowledgeBase& kb_;
  EngineOptions options_;
};

}  // namespace careerbot::dialog
