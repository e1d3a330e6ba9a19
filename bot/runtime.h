// Runtime: what every command that serves clients needs, opened in order
// (configuration → knowledge → store → dialog engine → conversation service), so
// that `serve` and `chat` run the very same conversation.
#pragma once

#include <memory>

#include "base/status.h"
#include "bot/admin_webhook.h"
#include "bot/channel_accounts.h"
#include "bot/config.h"
#include "knowledge/knowledge_base.h"

namespace careerbot::dialog {
class DialogEngine;
}
namespace careerbot::storage {
class Store;
}

namespace careerbot::bot {

class ConversationService;

struct Runtime {
  Config config;
  knowledge::KnowledgeBase kb;
  std::unique_ptr<storage::Store> store;
  std::unique_ptr<dialog::DialogEngine> engine;
  // The admin webhook's endpoints: before the service that queues their events.
  AdminWebhooks webhooks;
  std::unique_ptr<ConversationService> conversations;
  ChannelMap channels;  // the messaging-channel accounts of the configuration

  Runtime();
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;
};

// The knowledge directory the configuration names, or the one built in.
std::string KnowledgeDir(const Config& config);

// Loads the knowledge base, creates the data directory when missing and opens the
// store in it (careerbot.db), and builds the channel accounts' adapters and the
// admin webhook's endpoints. The first
// failure is returned, naming what failed.
Status OpenRuntime(const Config& config, Runtime* runtime);

}  // namespace careerbot::bot
