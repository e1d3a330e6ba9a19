#include "knowledge/knowledge_base.h"

#include <algorithm>
#include <filesystem>

namespace careerbot::knowledge {

const Instrument* KnowledgeBase::FindInstrument(std::string_view id) const {
  auto it = instruments.find(id);
  return it == instruments.end() ? nullptr : &it->second;
}

namespace {

// Every text key the flow names must exist: a typo in service.json must stop
// start-up, not reach a client as "[intake.nmae.prompt]".
Status CheckFlowTexts(const ServiceFlow& flow, const TextCatalog& texts, const std::string& path) {
  for (const auto& field : flow.intake) {
    std::vector<std::string> keys = {field.prompt_key, field.reprompt_key};
    for (const auto& choice : field.choices) keys.push_back(choice.label_key);
    for (const auto& key : keys) {
      if (!texts.Has(key)) {
        return Status::InvalidArgument(path + ": intake field \"" + field.id + "\" names text \"" +
                                       key + "\", which " + texts.source_name() + " does not have");
      }
    }
  }
  return Status::Ok();
}

}  // namespace

Status LoadKnowledgeBase(const std::string& dir, KnowledgeBase* out) {
  namespace fs = std::filesystem;
  KnowledgeBase kb;
  kb.dir = dir;
  if (Status s = TextCatalog::LoadFile(dir + "/texts.json", &kb.texts); !s.ok()) return s;
  if (Status s = IntentMatcher::LoadFile(dir + "/intents.json", &kb.intents); !s.ok()) return s;
  const std::string flow_path = dir + "/service.json";
  if (Status s = LoadServiceFlowFile(flow_path, &kb.flow); !s.ok()) return s;
  if (Status s = CheckFlowTexts(kb.flow, kb.texts, flow_path); !s.ok()) return s;

  const fs::path instruments_dir = fs::path(dir) / "instruments";
  std::error_code ec;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(instruments_dir, ec)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  if (ec) return Status::NotFound(instruments_dir.string() + ": cannot list the folder: " + ec.message());
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    Instrument instrument;
    if (Status s = LoadInstrumentFile(file.string(), &instrument); !s.ok()) return s;
    if (kb.instruments.count(instrument.id)) {
      return Status::InvalidArgument(file.string() + ": instrument id \"" + instrument.id +
                                     "\" is used by another file too");
    }
    kb.instruments.emplace(instrument.id, std::move(instrument));
  }
  for (const auto& id : kb.flow.default_assessments) {
    if (!kb.FindInstrument(id)) {
      return Status::InvalidArgument(flow_path + ": \"default_assessments\" names instrument \"" + id +
                                     "\", which is not in " + instruments_dir.string());
    }
  }
  *out = std::move(kb);
  return Status::Ok();
}

}  // namespace careerbot::knowledge
