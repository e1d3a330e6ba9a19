#include "bot/runtime.h"

#include "bot/conversation_service.h"
#include "bot/data_store.h"
#include "dialog/dialog_engine.h"
#include "storage/store.h"

#ifndef CAREERBOT_KNOWLEDGE_DIR
#error "CAREERBOT_KNOWLEDGE_DIR must be defined by the build"
#endif

namespace careerbot::bot {

Runtime::Runtime() = default;
Runtime::~Runtime() = default;

std::string KnowledgeDir(const Config& config) {
  return config.knowledge_dir.empty() ? std::string(CAREERBOT_KNOWLEDGE_DIR) : config.knowledge_dir;
}

Status OpenRuntime(const Config& config, Runtime* runtime) {
  runtime->config = config;
  if (Status s = OpenChannels(config, &runtime->channels); !s.ok()) return s;
  if (Status s = knowledge::LoadKnowledgeBase(KnowledgeDir(config), &runtime->kb); !s.ok()) {
    return s;
  }
  // The SQLite file behind encryption at rest, with the configured data keys.
  if (Status s = OpenDataStore(config, &runtime->store); !s.ok()) return s;
  dialog::EngineOptions engine_options;
  engine_options.institution_name = config.institution.name;
  engine_options.institution_registration_no = config.institution.registration_no;
  engine_options.institution_contact = config.institution.contact;
  for (const auto& h : config.crisis_hotlines) {
    engine_options.hotlines.push_back({{h.name_zh, h.name_en}, h.number});
  }
  engine_options.inactivity_ms = int64_t{config.session_inactivity_hours} * 3600 * 1000;
  engine_options.unfinished_retention_days = config.privacy.unfinished_retention_days;
  if (Status s = dialog::DialogEngine::Create(runtime->kb, engine_options, &runtime->engine); !s.ok()) {
    return s;
  }
  if (Status s = AdminWebhooks::Open(config.admin_webhooks, &runtime->webhooks); !s.ok()) return s;
  runtime->conversations = std::make_unique<ConversationService>(*runtime->store, *runtime->engine,
                                                                 config.archive.format, &runtime->webhooks);
  runtime->conversations->SetExportLinks(ExportLinkSettingsOf(config));
  return Status::Ok();
}

}  // namespace careerbot::bot
