#include "knowledge/labour_market.h"

#include <algorithm>
#include <set>

#include "knowledge/json_file.h"
#include "knowledge/text_normalizer.h"

namespace careerbot::knowledge {
namespace {

using nlohmann::json;

Status ReadLocalized(const json& obj, const char* name, const std::string& where, LocalizedText* out) {
  auto it = obj.find(name);
  if (it == obj.end() || !it->is_object() || !it->contains("zh") || !it->contains("en") ||
      !it->at("zh").is_string() || !it->at("en").is_string() || it->at("zh").get<std::string>().empty() ||
      it->at("en").get<std::string>().empty()) {
    return Status::InvalidArgument(where + ": \"" + name + "\" needs non-empty \"zh\" and \"en\" texts");
  }
  out->zh = it->at("zh").get<std::string>();
  out->en = it->at("en").get<std::string>();
  return Status::Ok();
}

Status ReadList(const json& obj, const char* name, const std::string& where, bool normalize,
                std::vector<std::string>* out) {
  auto it = obj.find(name);
  if (it == obj.end() || !it->is_array() || it->empty()) {
    return Status::InvalidArgument(where + ": \"" + name + "\" must be a non-empty list (\"*\" for all)");
  }
  for (const auto& v : *it) {
    if (!v.is_string() || v.get_ref<const std::string&>().empty()) {
      return Status::InvalidArgument(where + ": \"" + name + "\" must hold non-empty strings");
    }
    out->push_back(normalize ? NormalizeText(v.get<std::string>()) : v.get<std::string>());
  }
  return Status::Ok();
}

bool Names(const std::vector<std::string>& list, std::string_view value, bool substring) {
  for (const auto& item : list) {
    if (item == "*") continue;
    if (substring ? (!value.empty() && value.find(item) != std::string_view::npos) : value == item) return true;
  }
  return false;
}

bool IsGeneral(const std::vector<std::string>& list) {
  return std::find(list.begin(), list.end(), "*") != list.end();
}

}  // namespace

Status LabourMarketInfo::LoadFile(const std::string& path, LabourMarketInfo* out) {
  json doc;
  if (Status s = ReadJsonFile(path, &doc); !s.ok()) return s;
  auto entries = doc.is_object() ? doc.find("entries") : doc.end();
  if (!doc.is_object() || entries == doc.end() || !entries->is_array()) {
    return Status::InvalidArgument(path + ": must be an object with a list \"entries\"");
  }
  LabourMarketInfo info;
  std::set<std::string> ids;
  for (const auto& item : *entries) {
    MarketEntry entry;
    if (!item.is_object() || !item.contains("id") || !item.at("id").is_string()) {
      return Status::InvalidArgument(path + ": each entry needs a string \"id\"");
    }
    entry.id = item.at("id").get<std::string>();
    const std::string where = path + ": entry \"" + entry.id + "\"";
    if (!ids.insert(entry.id).second) return Status::InvalidArgument(where + ": duplicate id");
    entry.kind = item.value("kind", "");
    if (entry.kind != "market" && entry.kind != "policy") {
      return Status::InvalidArgument(where + ": \"kind\" must be \"market\" or \"policy\"");
    }
    if (Status s = ReadList(item, "cities", where, true, &entry.cities); !s.ok()) return s;
    if (Status s = ReadList(item, "industries", where, false, &entry.industries); !s.ok()) return s;
    if (Status s = ReadLocalized(item, "text", where, &entry.text); !s.ok()) return s;
    if (Status s = ReadLocalized(item, "source", where, &entry.source); !s.ok()) return s;
    entry.as_of = item.value("as_of", "");
    if (entry.as_of.empty()) return Status::InvalidArgument(where + ": \"as_of\" must say when it was last checked");
    info.entries_.push_back(std::move(entry));
  }
  *out = std::move(info);
  return Status::Ok();
}

std::vector<const MarketEntry*> LabourMarketInfo::Find(std::string_view city, std::string_view industry,
                                                       size_t limit) const {
  std::vector<const MarketEntry*> by_city, by_industry, general;
  for (const auto& e : entries_) {
    const bool city_ok = IsGeneral(e.cities) || Names(e.cities, city, true);
    const bool industry_ok = IsGeneral(e.industries) || Names(e.industries, industry, false);
    if (!city_ok || !industry_ok) continue;
    if (!IsGeneral(e.cities)) {
      by_city.push_back(&e);
    } else if (!IsGeneral(e.industries)) {
      by_industry.push_back(&e);
    } else {
      general.push_back(&e);
    }
  }
  std::vector<const MarketEntry*> out;
  for (auto* group : {&by_city, &by_industry, &general}) {
    for (const MarketEntry* e : *group) {
      if (out.size() < limit) out.push_back(e);
    }
  }
  return out;
}

}  // namespace careerbot::knowledge
