// The optional sections of an instrument file (docs/instruments.md): forms,
// validity rules, the norms reference and the interpretation reference, and the
// loading of the files those references name.
#include <nlohmann/json.hpp>
#include <set>

#include "knowledge/instrument_parse.h"

namespace careerbot::knowledge {
namespace {

using nlohmann::json;

// A file named by an instrument is a plain name inside its folder: no paths, so a
// data file cannot reach outside knowledge/data/.
bool IsPlainFileName(const std::string& name) {
  if (name.empty() || name.size() > 128 || name[0] == '.') return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

Status ParseOneForm(const ObjectReader& top, const json& e, size_t index, Instrument* in, Form* out) {
  Form form;
  const std::string position = "forms[" + std::to_string(index) + "]";
  if (Status s = ObjectReader(e, position, "").String("id", &form.id); !s.ok()) return s;
  if (!IsPlainId(form.id) || form.id == "full") {
    return Bad(position, "id " + Quote(form.id) + " must be 1-64 of A-Z a-z 0-9 _ - and not \"full\"");
  }
  const ObjectReader reader(e, "form " + form.id, "");
  if (Status s = reader.OnlyFields({"id", "name", "items", "recommended_for", "note"}); !s.ok()) return s;
  if (Status s = reader.Text("name", &form.name); !s.ok()) return s;
  if (Status s = reader.StringList("items", &form.items); !s.ok()) return s;
  if (form.items.empty()) return reader.Fail("items", "must list at least one item");
  size_t last = 0;
  std::set<std::string, std::less<>> seen;
  for (size_t k = 0; k < form.items.size(); ++k) {
    const std::string& id = form.items[k];
    size_t at = in->items.size();
    for (size_t i = 0; i < in->items.size(); ++i) {
      if (in->items[i].id == id) at = i;
    }
    if (at == in->items.size()) return reader.Fail("items", "names " + Quote(id) + ", which is not an item");
    if (!seen.insert(id).second) return reader.Fail("items", "names " + Quote(id) + " twice");
    // The form is given in the instrument's order; another order would need its
    // own presentation list, which no source has asked for.
    if (k > 0 && at < last) {
      return reader.Fail("items", "lists " + Quote(id) + " out of the instrument's item order");
    }
    last = at;
  }
  if (reader.Has("recommended_for")) {
    if (Status s = reader.LangList("recommended_for", &form.recommended_for); !s.ok()) return s;
  }
  if (reader.Has("note")) {
    LocalizedText note;
    if (Status s = reader.Text("note", &note); !s.ok()) return s;
    form.note = std::move(note);
  }
  (void)top;
  *out = std::move(form);
  return Status::Ok();
}

Status PairOf(const ObjectReader& rules, const Instrument& in, const json& e, size_t i,
              std::pair<std::string, std::string>* out) {
  const std::string at = "validity.inconsistency.pairs[" + std::to_string(i) + "]";
  if (!e.is_array() || e.size() != 2 || !e[0].is_string() || !e[1].is_string()) {
    return Bad(rules.where(), at + " must be two item ids");
  }
  const std::string a = e[0].get<std::string>(), b = e[1].get<std::string>();
  const Item* ia = in.FindItem(a);
  const Item* ib = in.FindItem(b);
  if (!ia) return Bad("item " + a, at + " names it, but there is no such item");
  if (!ib) return Bad("item " + b, at + " names it, but there is no such item");
  if (a == b) return Bad("item " + a, at + " pairs it with itself");
  if (ia->scale != ib->scale) {
    return Bad("item " + a, at + " pairs it with item " + b +
                                " of another scale (" + ia->scale + ", " + ib->scale +
                                "): a pair measures the same thing");
  }
  *out = {a, b};
  return Status::Ok();
}

}  // namespace

Status ParseForms(const ObjectReader& top, Instrument* in) {
  if (!top.Has("forms")) return Status::Ok();
  const json* array = nullptr;
  if (Status s = top.Array("forms", &array); !s.ok()) return s;
  std::set<std::string, std::less<>> ids;
  for (size_t i = 0; i < array->size(); ++i) {
    const json* e = nullptr;
    if (Status s = top.Element(*array, "forms", i, &e); !s.ok()) return s;
    Form form;
    if (Status s = ParseOneForm(top, *e, i, in, &form); !s.ok()) return s;
    if (!ids.insert(form.id).second) return Bad("form " + form.id, "id is used by more than one form");
    in->forms.push_back(std::move(form));
  }
  return Status::Ok();
}

Status ParseValidity(const ObjectReader& top, Instrument* in) {
  if (!top.HasValue("validity")) return Status::Ok();
  const json* v = nullptr;
  if (Status s = top.Object("validity", &v); !s.ok()) return s;
  const ObjectReader validity = top.Nested(*v, "validity");
  if (Status s = validity.OnlyFields({"straight_lining", "too_fast", "inconsistency"}); !s.ok()) return s;
  ValidityRules rules;
  if (validity.Has("straight_lining")) {
    const json* o = nullptr;
    if (Status s = validity.Object("straight_lining", &o); !s.ok()) return s;
    const ObjectReader r = validity.Nested(*o, "straight_lining");
    if (Status s = r.OnlyFields({"max_run"}); !s.ok()) return s;
    int max_run = 0;
    if (Status s = r.Int("max_run", &max_run); !s.ok()) return s;
    if (max_run < 2 || max_run > static_cast<int>(in->items.size())) {
      return r.Fail("max_run", "must be 2 to the number of items (" +
                                   std::to_string(in->items.size()) + "), got " + std::to_string(max_run));
    }
    rules.max_run = max_run;
  }
  if (validity.Has("too_fast")) {
    const json* o = nullptr;
    if (Status s = validity.Object("too_fast", &o); !s.ok()) return s;
    const ObjectReader r = validity.Nested(*o, "too_fast");
    if (Status s = r.OnlyFields({"min_median_seconds"}); !s.ok()) return s;
    double seconds = 0;
    if (Status s = r.Double("min_median_seconds", &seconds); !s.ok()) return s;
    if (seconds <= 0 || seconds > 60) return r.Fail("min_median_seconds", "must be above 0 and at most 60");
    rules.min_median_seconds = seconds;
  }
  if (validity.Has("inconsistency")) {
    const json* o = nullptr;
    if (Status s = validity.Object("inconsistency", &o); !s.ok()) return s;
    const ObjectReader r = validity.Nested(*o, "inconsistency");
    if (Status s = r.OnlyFields({"pairs", "max_difference", "min_pairs"}); !s.ok()) return s;
    const json* pairs = nullptr;
    if (Status s = r.Array("pairs", &pairs); !s.ok()) return s;
    if (pairs->empty()) return r.Fail("pairs", "must have at least one pair");
    for (size_t i = 0; i < pairs->size(); ++i) {
      std::pair<std::string, std::string> pair;
      if (Status s = PairOf(validity, *in, pairs->at(i), i, &pair); !s.ok()) return s;
      rules.pairs.push_back(std::move(pair));
    }
    if (Status s = r.Int("max_difference", &rules.max_difference); !s.ok()) return s;
    const int span = in->max_score() - in->min_score();
    if (rules.max_difference < 0 || rules.max_difference >= span) {
      return r.Fail("max_difference", "must be 0 to " + std::to_string(span - 1) + ", got " +
                                          std::to_string(rules.max_difference));
    }
    if (Status s = r.Int("min_pairs", &rules.min_pairs); !s.ok()) return s;
    if (rules.min_pairs < 1 || rules.min_pairs > static_cast<int>(rules.pairs.size())) {
      return r.Fail("min_pairs", "must be 1 to the number of pairs (" + std::to_string(rules.pairs.size()) +
                                     "), got " + std::to_string(rules.min_pairs));
    }
  }
  in->validity = std::move(rules);
  return Status::Ok();
}

Status ParseNormsRef(const ObjectReader& top, Instrument* in) {
  const json* v = nullptr;
  if (Status s = top.Member("norms", &v); !s.ok()) return s;
  if (v->is_null()) return Status::Ok();
  if (!v->is_object()) return top.Fail("norms", std::string("must be null or an object, got ") + v->type_name());
  const ObjectReader norms = top.Nested(*v, "norms");
  if (Status s = norms.OnlyFields({"file", "groups"}); !s.ok()) return s;
  if (Status s = norms.String("file", &in->norms_file); !s.ok()) return s;
  if (!IsPlainFileName(in->norms_file)) {
    return norms.Fail("file", Quote(in->norms_file) + " must be a file name in knowledge/data/norms/");
  }
  const json* groups = nullptr;
  if (Status s = norms.Array("groups", &groups); !s.ok()) return s;
  if (groups->empty()) return norms.Fail("groups", "must name at least one group");
  int defaults = 0;
  for (size_t i = 0; i < groups->size(); ++i) {
    const json* e = nullptr;
    if (Status s = norms.Element(*groups, "groups", i, &e); !s.ok()) return s;
    const ObjectReader g = norms.Nested(*e, "groups[" + std::to_string(i) + "]");
    if (Status s = g.OnlyFields({"id", "label", "languages", "regions", "default", "caveat"}); !s.ok()) return s;
    NormGroupRef ref;
    if (Status s = g.String("id", &ref.id); !s.ok()) return s;
    for (const NormGroupRef& other : in->norm_groups) {
      if (other.id == ref.id) return g.Fail("id", Quote(ref.id) + " is listed twice");
    }
    if (Status s = g.Text("label", &ref.label); !s.ok()) return s;
    if (g.Has("languages")) {
      if (Status s = g.LangList("languages", &ref.languages); !s.ok()) return s;
    }
    if (g.Has("regions")) {
      if (Status s = g.StringList("regions", &ref.regions); !s.ok()) return s;
    }
    if (g.Has("default")) {
      if (Status s = g.Bool("default", &ref.is_default); !s.ok()) return s;
    }
    defaults += ref.is_default ? 1 : 0;
    if (g.Has("caveat")) {
      LocalizedText caveat;
      if (Status s = g.Text("caveat", &caveat); !s.ok()) return s;
      ref.caveat = std::move(caveat);
    }
    in->norm_groups.push_back(std::move(ref));
  }
  if (defaults != 1) {
    return norms.Fail("groups", "must have exactly one group with \"default\": true, got " +
                                    std::to_string(defaults));
  }
  return Status::Ok();
}

Status ParseInterpretationRef(const ObjectReader& top, Instrument* in) {
  if (!top.HasValue("interpretation")) return Status::Ok();
  const json* v = nullptr;
  if (Status s = top.Object("interpretation", &v); !s.ok()) return s;
  const ObjectReader r = top.Nested(*v, "interpretation");
  if (Status s = r.OnlyFields({"file", "basis", "bands"}); !s.ok()) return s;
  if (Status s = r.String("file", &in->interpretation_file); !s.ok()) return s;
  if (!IsPlainFileName(in->interpretation_file)) {
    return r.Fail("file", Quote(in->interpretation_file) +
                              " must be a file name in knowledge/data/interpretation/");
  }
  if (Status s = r.String("basis", &in->band_basis); !s.ok()) return s;
  if (in->band_basis != "mean" && in->band_basis != "t") {
    return r.Fail("basis", "must be \"mean\" or \"t\", got " + Quote(in->band_basis));
  }
  if (in->band_basis == "t" && in->norms_file.empty()) {
    return r.Fail("basis", "\"t\" needs norms, and the instrument has none");
  }
  const json* bands = nullptr;
  if (Status s = r.Array("bands", &bands); !s.ok()) return s;
  if (bands->size() < 2) return r.Fail("bands", "must have at least two bands");
  for (size_t i = 0; i < bands->size(); ++i) {
    const json* e = nullptr;
    if (Status s = r.Element(*bands, "bands", i, &e); !s.ok()) return s;
    const ObjectReader b = r.Nested(*e, "bands[" + std::to_string(i) + "]");
    if (Status s = b.OnlyFields({"id", "below"}); !s.ok()) return s;
    BandCut cut;
    if (Status s = b.String("id", &cut.id); !s.ok()) return s;
    const bool last = i + 1 == bands->size();
    if (last && b.Has("below")) return b.Fail("below", "must not be given for the top band");
    if (!last) {
      double below = 0;
      if (Status s = b.Double("below", &below); !s.ok()) return s;
      if (!in->bands.empty() && below <= *in->bands.back().below) {
        return b.Fail("below", "must be greater than the cut-off before it");
      }
      cut.below = below;
    }
    for (const BandCut& other : in->bands) {
      if (other.id == cut.id) return b.Fail("id", Quote(cut.id) + " is listed twice");
    }
    in->bands.push_back(std::move(cut));
  }
  return Status::Ok();
}

Status ResolveInstrumentReferences(const std::string& knowledge_dir, Instrument* in) {
  if (!in->norms_file.empty()) {
    const std::string path = knowledge_dir + "/norms/" + in->norms_file;
    NormTable norms;
    Status s = LoadNormFile(path, &norms);
    if (s.code() == Status::Code::kNotFound) {
      return Status::InvalidArgument("norms.file names " + Quote(in->norms_file) + ", but " + path +
                                     " cannot be opened");
    }
    if (!s.ok()) return s;
    std::vector<std::string> groups;
    for (const NormGroupRef& g : in->norm_groups) groups.push_back(g.id);
    if (Status fit = CheckNormsFit(*in, norms, groups); !fit.ok()) return fit;
    in->norms = std::move(norms);
  }
  if (!in->interpretation_file.empty()) {
    const std::string path = knowledge_dir + "/interpretation/" + in->interpretation_file;
    Interpretation texts;
    Status s = LoadInterpretationFile(path, &texts);
    if (s.code() == Status::Code::kNotFound) {
      return Status::InvalidArgument("interpretation.file names " + Quote(in->interpretation_file) +
                                     ", but " + path + " cannot be opened");
    }
    if (!s.ok()) return s;
    if (Status fit = CheckInterpretationFits(*in, texts); !fit.ok()) return fit;
    in->interpretation = std::move(texts);
  }
  return Status::Ok();
}

}  // namespace careerbot::knowledge
