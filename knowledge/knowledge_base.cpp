#include "knowledge/knowledge_base.h"

#include <algorithm>
#include <filesystem>

#include "knowledge/report_texts.h"
#include "knowledge/result_texts.h"

namespace careerbot::knowledge {

const Instrument* KnowledgeBase::FindInstrument(std::string_view id) const {
  auto it = instruments.find(id);
  return it == instruments.end() ? nullptr : &it->second;
}

std::vector<const Instrument*> KnowledgeBase::InstrumentsFor(Lang lang) const {
  std::vector<const Instrument*> out;
  for (const auto& [id, instrument] : instruments) {
    if (instrument.Supports(lang)) out.push_back(&instrument);
  }
  return out;
}

namespace {

// Every text key the flow names must exist: a typo in service.json must stop
// start-up, not reach a client as "[intake.nmae.prompt]".
Status CheckFlowTexts(const ServiceFlow& flow, const TextCatalog& texts, const std::string& path) {
  for (const auto& field : flow.intake) {
    std::vector<std::string> keys = {field.prompt_key, field.reprompt_key};
    for (const auto& choice : field.choices) keys.push_back(choice.label_key);
    for (const auto& choice : field.fallback_choices) keys.push_back(choice.label_key);
    for (const auto& key : keys) {
      if (!texts.Has(key)) {
        return Status::InvalidArgument(path + ": intake field \"" + field.id + "\" names text \"" +
                                       key + "\", which " + texts.source_name() + " does not have");
      }
    }
  }
  for (const auto& [instrument, key] : flow.plan.reason_keys) {
    if (!texts.Has(key)) {
      return Status::InvalidArgument(path + ": plan reason of \"" + instrument + "\" names text \"" + key +
                                     "\", which " + texts.source_name() + " does not have");
    }
  }
  return Status::Ok();
}

// Every instrument the plan may propose must be loaded and have a reason to give.
Status CheckPlanInstruments(const KnowledgeBase& kb, const std::string& path) {
  std::vector<std::string> named = kb.flow.plan.always;
  named.insert(named.end(), kb.flow.plan.optional.begin(), kb.flow.plan.optional.end());
  for (const auto& [goal, list] : kb.flow.plan.by_goal) named.insert(named.end(), list.begin(), list.end());
  for (const auto& id : named) {
    if (!kb.FindInstrument(id)) {
      return Status::InvalidArgument(path + ": the plan names instrument \"" + id + "\", which is not in " + kb.dir +
                                     "/instruments");
    }
    if (!kb.flow.plan.reason_keys.count(id)) {
      return Status::InvalidArgument(path + ": the plan has no reason for instrument \"" + id + "\"");
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
  if (Status s = LoadAgreementFile(dir + "/agreement.json", &kb.agreement); !s.ok()) return s;
  if (Status s = DistressDetector::LoadFile(dir + "/distress.json", &kb.distress); !s.ok()) return s;
  if (Status s = LabourMarketInfo::LoadFile(dir + "/labour_market.json", &kb.labour_market); !s.ok()) return s;

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
    if (Status s = LoadInstrumentFile(file.string(), dir, &instrument); !s.ok()) return s;
    if (kb.instruments.count(instrument.id)) {
      return Status::InvalidArgument(file.string() + ": instrument id \"" + instrument.id +
                                     "\" is used by another file too");
    }
    kb.instruments.emplace(instrument.id, std::move(instrument));
  }
  if (Status s = CheckPlanInstruments(kb, flow_path); !s.ok()) return s;
  if (Status s = LoadOccupations(dir + "/occupations", &kb.occupations); !s.ok()) return s;
  for (const auto& field : kb.flow.intake) {
    if (field.id != "education") continue;
    for (const auto& choice : field.choices) {
      if (!kb.occupations.FindEducation(choice.id)) {
        return Status::InvalidArgument(dir + "/occupations/occupations.json: education has no entry \"" + choice.id +
                                       "\", an education choice of " + flow_path);
      }
    }
  }
  if (Status s = LoadTrainingCatalogue(dir + "/training/catalogue.json", &kb.training); !s.ok()) return s;
  if (Status s = CheckTrainingLinks(kb.training, kb.instruments); !s.ok()) return s;
  if (Status s = LoadReportTexts(dir + "/report_texts.json", kb.flow, &kb.report_texts); !s.ok()) return s;
  if (Status s = LoadResultTexts(dir + "/result_texts.json", &kb.result_texts); !s.ok()) return s;
  *out = std::move(kb);
  return Status::Ok();
}

}  // namespace careerbot::knowledge
