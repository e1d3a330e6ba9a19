// Norm files ("norms/1", docs/instruments.md): parsing, the fit with an instrument,
// and the lookups a result needs.
#include "knowledge/norms.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "knowledge/instrument.h"
#include "knowledge/json_file.h"
#include "knowledge/object_reader.h"

namespace careerbot::knowledge {
namespace {

using nlohmann::json;

const char* const kNormSchema = "norm schema (docs/instruments.md)";

// A JSON object key that is a whole number ("10"), as percentile_ranks uses.
bool KeyToInt(const std::string& key, int* out) {
  if (key.empty() || key.size() > 9) return false;
  int v = 0;
  for (char c : key) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

Status ParseRecord(const json& e, size_t index, NormRecord* out, std::string* instrument) {
  const std::string position = "norms[" + std::to_string(index) + "]";
  NormRecord r;
  {
    const ObjectReader head(e, position, "", kNormSchema);
    if (Status s = head.String("group", &r.group); !s.ok()) return s;
    if (Status s = head.String("scale", &r.scale); !s.ok()) return s;
  }
  const ObjectReader rec(e, position + " (group " + r.group + ", scale " + r.scale + ")", "", kNormSchema);
  if (Status s = rec.OnlyFields({"instrument", "scale", "scale_name", "group", "group_description", "score",
                                 "n", "mean", "sd", "alpha", "item_metric", "min", "max", "percentiles",
                                 "percentile_ranks", "percentile_method", "source", "cleaning"});
      !s.ok()) {
    return s;
  }
  if (Status s = rec.String("instrument", instrument); !s.ok()) return s;
  if (Status s = rec.String("group_description", &r.group_description); !s.ok()) return s;
  if (Status s = rec.String("score", &r.score); !s.ok()) return s;
  if (Status s = rec.Int("n", &r.n); !s.ok()) return s;
  if (r.n < 2) return rec.Fail("n", "must be at least 2");
  if (Status s = rec.Double("mean", &r.mean); !s.ok()) return s;
  if (Status s = rec.Double("sd", &r.sd); !s.ok()) return s;
  if (r.sd <= 0) return rec.Fail("sd", "must be greater than 0");
  const json* alpha = nullptr;
  if (Status s = rec.Member("alpha", &alpha); !s.ok()) return s;
  if (!alpha->is_null()) {
    double a = 0;
    if (Status s = rec.Double("alpha", &a); !s.ok()) return s;
    r.alpha = a;
  }
  if (Status s = rec.Int("min", &r.min); !s.ok()) return s;
  if (Status s = rec.Int("max", &r.max); !s.ok()) return s;
  if (r.max < r.min) return rec.Fail("max", "must not be below min");
  if (r.mean < r.min || r.mean > r.max) return rec.Fail("mean", "lies outside min..max");

  const json* ranks = nullptr;
  if (Status s = rec.Object("percentile_ranks", &ranks); !s.ok()) return s;
  for (const auto& [key, value] : ranks->items()) {
    int raw = 0;
    if (!KeyToInt(key, &raw)) return rec.Fail("percentile_ranks", "has key " + Quote(key) + ", not a raw score");
    if (!value.is_number() || value.get<double>() < 0 || value.get<double>() > 100) {
      return rec.Fail("percentile_ranks." + key, "must be a number from 0 to 100");
    }
    r.percentile_ranks[raw] = value.get<double>();
  }
  if (r.percentile_ranks.empty()) return rec.Fail("percentile_ranks", "must not be empty");
  double previous = -1;
  int expected = r.percentile_ranks.begin()->first;
  for (const auto& [raw, rank] : r.percentile_ranks) {
    if (raw != expected) {
      return rec.Fail("percentile_ranks", "has no entry for raw score " + std::to_string(expected) +
                                              " (the scores must be contiguous)");
    }
    if (rank < previous) return rec.Fail("percentile_ranks", "decrease at raw score " + std::to_string(raw));
    previous = rank;
    ++expected;
  }
  if (r.min < r.percentile_ranks.begin()->first || r.max > r.percentile_ranks.rbegin()->first) {
    return rec.Fail("min", "and max must lie within the scores of percentile_ranks");
  }
  const json* percentiles = nullptr;
  if (Status s = rec.Object("percentiles", &percentiles); !s.ok()) return s;
  for (const auto& [key, value] : percentiles->items()) {
    int p = 0;
    if (!KeyToInt(key, &p) || p < 1 || p > 99) return rec.Fail("percentiles", "has key " + Quote(key));
    if (!value.is_number()) return rec.Fail("percentiles." + key, "must be a number");
    r.percentiles[key] = value.get<double>();
  }
  *out = std::move(r);
  return Status::Ok();
}

Status ParseNormDocument(const json& doc, NormTable* out) {
  if (!doc.is_object()) return Bad("", std::string("the document must be a JSON object, got ") + doc.type_name());
  const ObjectReader top(doc, "", "", kNormSchema);
  if (Status s = top.OnlyFields({"schema", "meta", "norms"}); !s.ok()) return s;
  std::string schema;
  if (Status s = top.String("schema", &schema); !s.ok()) return s;
  if (schema != "norms/1") return top.Fail("schema", "must be \"norms/1\", got " + Quote(schema));
  const json* meta = nullptr;
  if (Status s = top.Object("meta", &meta); !s.ok()) return s;
  const json* records = nullptr;
  if (Status s = top.Array("norms", &records); !s.ok()) return s;
  if (records->empty()) return top.Fail("norms", "must have at least one record");
  NormTable table;
  for (size_t i = 0; i < records->size(); ++i) {
    const json* e = nullptr;
    if (Status s = top.Element(*records, "norms", i, &e); !s.ok()) return s;
    NormRecord r;
    std::string instrument;
    if (Status s = ParseRecord(*e, i, &r, &instrument); !s.ok()) return s;
    if (table.instrument.empty()) table.instrument = instrument;
    if (instrument != table.instrument) {
      return Bad("norms[" + std::to_string(i) + "]", "instrument " + Quote(instrument) +
                                                         " differs from the first record's " +
                                                         Quote(table.instrument));
    }
    if (table.Find(r.group, r.scale)) {
      return Bad("norms[" + std::to_string(i) + "]",
                 "group " + r.group + ", scale " + r.scale + " has more than one record");
    }
    table.records.push_back(std::move(r));
  }
  *out = std::move(table);
  return Status::Ok();
}

}  // namespace

const NormRecord* NormTable::Find(std::string_view group, std::string_view scale) const {
  for (const NormRecord& r : records) {
    if (r.group == group && r.scale == scale) return &r;
  }
  return nullptr;
}

std::vector<std::string> NormTable::groups() const {
  std::vector<std::string> out;
  for (const NormRecord& r : records) {
    if (std::find(out.begin(), out.end(), r.group) == out.end()) out.push_back(r.group);
  }
  return out;
}

Status ParseNormTable(std::string_view json_text, const std::string& source_name, NormTable* out) {
  json doc;
  if (Status s = ParseJson(json_text, source_name, &doc); !s.ok()) return s;
  NormTable table;
  try {
    if (Status s = ParseNormDocument(doc, &table); !s.ok()) return s.Annotate(source_name);
  } catch (const json::exception& e) {
    return Status::InvalidArgument(source_name + ": " + e.what());
  }
  table.file = source_name;
  *out = std::move(table);
  return Status::Ok();
}

Status LoadNormFile(const std::string& path, NormTable* out) {
  std::string text;
  if (Status s = ReadTextFile(path, &text); !s.ok()) return s;
  return ParseNormTable(text, path, out);
}

Status CheckNormsFit(const Instrument& instrument, const NormTable& norms,
                     const std::vector<std::string>& groups) {
  const std::string& file = norms.file;
  if (norms.instrument != instrument.id) {
    return Status::InvalidArgument(file + ": the norms are for instrument " + Quote(norms.instrument) +
                                   ", not " + Quote(instrument.id));
  }
  for (const NormRecord& r : norms.records) {
    const std::string where = file + ": group " + r.group + ", scale " + r.scale;
    if (!instrument.FindScale(r.scale)) {
      return Status::InvalidArgument(where + ": the instrument has no scale " + Quote(r.scale));
    }
    const int items = static_cast<int>(instrument.ItemsOf(r.scale).size());
    const int min = items * instrument.min_score(), max = items * instrument.max_score();
    const int low = r.percentile_ranks.begin()->first, high = r.percentile_ranks.rbegin()->first;
    if (low != min || high != max) {
      return Status::InvalidArgument(where + ": percentile_ranks cover raw scores " + std::to_string(low) + "-" +
                                     std::to_string(high) + ", which does not fit the scale's " +
                                     std::to_string(items) + " items (" + std::to_string(min) + "-" +
                                     std::to_string(max) + ")");
    }
  }
  for (const std::string& group : groups) {
    for (const Scale& scale : instrument.scales) {
      if (!norms.Find(group, scale.id)) {
        return Status::InvalidArgument(file + ": group " + Quote(group) + " has no record for scale " +
                                       scale.id + " (the instrument names the group in norms.groups)");
      }
    }
  }
  return Status::Ok();
}

double PercentileRank(const NormRecord& record, int raw) {
  if (record.percentile_ranks.empty()) return 0;
  if (raw <= record.percentile_ranks.begin()->first) return record.percentile_ranks.begin()->second;
  if (raw >= record.percentile_ranks.rbegin()->first) return record.percentile_ranks.rbegin()->second;
  return record.percentile_ranks.at(raw);
}

double TScore(const NormRecord& record, int raw) {
  const double t = 50.0 + 10.0 * (raw - record.mean) / record.sd;
  return std::round(t * 10.0) / 10.0;
}

}  // namespace careerbot::knowledge
