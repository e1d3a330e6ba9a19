// `careerbot chat`: the conversation in a terminal, through the same conversation
// service as every channel (channel "cli"). Choices are shown as a numbered list,
// the way channels without buttons show them; typing the number picks one.
#include <chrono>
#include <iostream>
#include <string>

#include "bot/backup_lock.h"
#include "bot/commands.h"
#include "bot/conversation_service.h"
#include "bot/runtime.h"
#include "storage/store.h"

namespace careerbot::bot {
namespace {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void Print(const dialog::TurnAnswer& answer, std::ostream& out) {
  for (const auto& reply : answer.replies) {
    out << reply.text << "\n";
    for (size_t i = 0; i < reply.choices.size(); ++i) {
      out << "  " << (i + 1) << ". " << reply.choices[i].label << "\n";
    }
    if (reply.link) out << reply.link->title << ": " << reply.link->url << "\n";
    out << "\n";
  }
  out.flush();
}

}  // namespace

int RunChat(const CommandLine& cl, std::istream& in, std::ostream& out) {
  Config config;
  if (Status s = ResolveConfig(cl, &config); !s.ok()) {
    std::cerr << "careerbot: " << s.message() << "\n";
    return 1;
  }
  // Held like a server's (bot/backup_lock.h): a restore does not replace the
  // database under the chat, and rotate-key knows that a process seals.
  DataDirLock data_dir_lock;
  if (Status s = HoldDataDir(config.data_dir, &data_dir_lock); !s.ok()) {
    std::cerr << "careerbot: " << s.message() << "\n";
    return 1;
  }
  Runtime runtime;
  if (Status s = OpenRuntime(config, &runtime); !s.ok()) {
    std::cerr << "careerbot: " << s.message() << "\n";
    return 1;
  }
  dialog::Inbound inbound;
  inbound.channel = "cli";
  inbound.user = cl.user.value_or("local");
  inbound.lang = cl.lang;

  // The bot speaks first: a welcome for a new client, a reminder for one who returns.
  std::optional<storage::StoredSession> session;
  if (Status s = runtime.store->LoadSession({"cli", "", inbound.user}, &session); !s.ok()) {
    std::cerr << "careerbot: " << s.message() << "\n";
    return 1;
  }
  inbound.signal = session ? dialog::Inbound::Signal::kResume : dialog::Inbound::Signal::kNone;
  std::string line;
  bool first = true;
  while (first || std::getline(in, line)) {
    if (!first) {
      inbound.signal = dialog::Inbound::Signal::kNone;
      inbound.text = line;
    }
    first = false;
    inbound.received_at_ms = NowMs();
    dialog::TurnAnswer answer;
    if (Status s = runtime.conversations->HandleTurn(inbound, &answer); !s.ok()) {
      std::cerr << "careerbot: " << s.message() << "\n";
      return 1;
    }
    Print(answer, out);
  }
  return 0;
}

}  // namespace careerbot::bot
