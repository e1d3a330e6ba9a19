// Complaints (specification 6.2), at any point of the conversation: what it
// concerns, what happened, how to be contacted; then a ticket number, and back to
// where the client was.
#pragma once

#include "dialog/states/service.h"

namespace careerbot::dialog {

struct ComplaintCategory : Leaf<ComplaintCategory> {
  static constexpr const char* kId = "complaint.category";
  using reactions = sc::custom_reaction<EvInput>;
  explicit ComplaintCategory(my_context ctx);
  sc::result react(const EvInput& input);
  void Ask() const override;
  bool interruption() const override { return true; }
};

struct ComplaintDescription : Leaf<ComplaintDescription> {
  static constexpr const char* kId = "complaint.description";
  static constexpr int kMinChars = 5, kMaxChars = 1000;
  using reactions = sc::custom_reaction<EvInput>;
  explicit ComplaintDescription(my_context ctx) : Leaf(ctx) { AskOnEntry(); }
  sc::result react(const EvInput& input);
  void Ask() const override;
  bool interruption() const override { return true; }
};

struct ComplaintContact : Leaf<ComplaintContact> {
  static constexpr const char* kId = "complaint.contact";
  static constexpr int kMinChars = 3, kMaxChars = 100;
  using reactions = sc::custom_reaction<EvInput>;
  explicit ComplaintContact(my_context ctx) : Leaf(ctx) { AskOnEntry(); }
  sc::result react(const EvInput& input);
  void Ask() const override;
  bool interruption() const override { return true; }
};

// The ticket of a complaint filed in this turn: "C-" and 8 characters, derived from
// the message that filed it, so a redelivered message yields the same ticket.
std::string ComplaintTicket(const Inbound& inbound);

// Tells the status of the client's complaints: the one whose ticket `text` names,
// or all of them.
void TellComplaintStatus(const ServiceMachine& m, const std::string& text);

}  // namespace careerbot::dialog
