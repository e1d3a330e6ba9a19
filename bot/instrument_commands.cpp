#include "bot/instrument_commands.h"

#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "bot/commands.h"
#include "bot/runtime.h"
#include "knowledge/answer_sheet.h"
#include "knowledge/knowledge_base.h"
#include "knowledge/norm_builder.h"
#include "knowledge/occupations.h"
#include "knowledge/result_format.h"

namespace careerbot::bot {
namespace {

namespace kn = careerbot::knowledge;

constexpr int kOk = 0, kFailed = 1, kUsage = 2;

struct Args {
  std::string verb, sub;
  std::map<std::string, std::string> options;
  std::set<std::string> flags;
  std::vector<std::string> positional;
  bool Has(const std::string& name) const { return options.count(name) > 0; }
  std::string Get(const std::string& name, const std::string& fallback = "") const {
    auto it = options.find(name);
    return it == options.end() ? fallback : it->second;
  }
};

struct Spec {
  std::set<std::string> options;  // take a value
  std::set<std::string> flags;    // take none
  size_t max_positional = 0;
};

const std::map<std::string, Spec>& Specs() {
  static const std::map<std::string, Spec> specs = {
      {"score", {{"--instrument", "--answers", "--lang", "--form", "--group", "--region"}, {"--json", "--interpret"}, 0}},
      {"instruments list", {{}, {"--json"}, 0}},
      {"instruments check", {{}, {}, 1000}},
      {"norms build", {{"--instrument", "--from", "--group", "--description", "--out", "--min-n"}, {}, 0}},
      {"occupations match",
       {{"--interests", "--education", "--years", "--values", "--limit", "--lang"}, {"--json"}, 0}},
  };
  return specs;
}

int Usage(std::ostream& err, const std::string& message) {
  err << "careerbot: " << message << " (see careerbot --help)\n";
  return kUsage;
}

int Fail(std::ostream& err, const std::string& message) {
  err << "careerbot: " << message << "\n";
  return kFailed;
}

// Parses `args` (verb first) into *a; returns kOk or the usage exit code.
int Parse(const std::vector<std::string>& args, std::ostream& err, Args* a) {
  a->verb = args.at(0);
  size_t i = 1;
  std::string key = a->verb;
  if (a->verb != "score") {
    if (args.size() < 2 || args[1].rfind("--", 0) == 0) return Usage(err, a->verb + " needs a sub-command");
    a->sub = args[1];
    key += " " + a->sub;
    i = 2;
  }
  auto spec = Specs().find(key);
  if (spec == Specs().end()) return Usage(err, "unknown command \"" + key + "\"");
  for (; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.rfind("--", 0) != 0) {
      a->positional.push_back(arg);
      continue;
    }
    std::string name = arg, value;
    const size_t eq = arg.find('=');
    if (eq != std::string::npos) name = arg.substr(0, eq);
    if (spec->second.flags.count(name)) {
      if (eq != std::string::npos) return Usage(err, "option " + name + " takes no value");
      a->flags.insert(name);
      continue;
    }
    if (!spec->second.options.count(name) && name != "--config" && name != "--knowledge-dir") {
      return Usage(err, "unknown option " + name + " for " + key);
    }
    if (eq != std::string::npos) {
      value = arg.substr(eq + 1);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return Usage(err, "option " + name + " needs a value");
    }
    a->options[name] = value;
  }
  if (a->positional.size() > spec->second.max_positional) {
    return Usage(err, "unexpected argument \"" + a->positional.front() + "\" for " + key);
  }
  if (a->Has("--lang") && a->Get("--lang") != "zh" && a->Get("--lang") != "en") {
    return Usage(err, "--lang must be zh or en");
  }
  return kOk;
}

// The knowledge directory: --knowledge-dir, else the configuration's, else built in.
bool KnowledgeDirOf(const Args& a, std::ostream& err, std::string* dir) {
  if (a.Has("--knowledge-dir")) {
    *dir = a.Get("--knowledge-dir");
    return true;
  }
  CommandLine cl;
  cl.verb = a.verb;
  if (a.Has("--config")) cl.config_file = a.Get("--config");
  Config config;
  if (Status s = ResolveConfig(cl, &config); !s.ok()) {
    err << "careerbot: " << s.message() << "\n";
    return false;
  }
  *dir = KnowledgeDir(config);
  return true;
}

bool LoadKb(const Args& a, std::ostream& err, kn::KnowledgeBase* kb) {
  std::string dir;
  if (!KnowledgeDirOf(a, err, &dir)) return false;
  if (Status s = kn::LoadKnowledgeBase(dir, kb); !s.ok()) {
    err << "careerbot: " << s.message() << "\n";
    return false;
  }
  return true;
}

bool ReadInput(const std::string& path, std::istream& in, std::string* text, std::ostream& err) {
  if (path == "-") {
    text->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return true;
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    err << "careerbot: " << path << ": cannot open the file\n";
    return false;
  }
  text->assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
  return true;
}

kn::Lang LangOf(const Args& a) { return a.Get("--lang", "zh") == "en" ? kn::Lang::kEn : kn::Lang::kZh; }

int Score(const Args& a, std::istream& in, std::ostream& out, std::ostream& err) {
  if (!a.Has("--instrument")) return Usage(err, "score needs --instrument ID");
  if (!a.Has("--answers")) return Usage(err, "score needs --answers FILE");
  kn::KnowledgeBase kb;
  if (!LoadKb(a, err, &kb)) return kFailed;
  const kn::Instrument* instrument = kb.FindInstrument(a.Get("--instrument"));
  if (!instrument) return Fail(err, "no instrument \"" + a.Get("--instrument") + "\" (careerbot instruments list)");
  const kn::Lang lang = LangOf(a);
  std::string text;
  if (!ReadInput(a.Get("--answers"), in, &text, err)) return kFailed;
  const std::string form = a.Get("--form", "full");
  kn::AnswerSheet sheet;
  if (Status s = kn::ParseAnswerSheet(*instrument, text, a.Get("--answers"), form, &sheet); !s.ok()) {
    return Fail(err, s.message());
  }
  kn::ScoreOptions options;
  options.form = form;
  options.seconds = sheet.seconds;
  options.lang = lang;
  options.region = a.Get("--region");
  options.norm_group = a.Get("--group");
  kn::InstrumentResult result;
  if (Status s = kn::ScoreInstrument(*instrument, sheet.answers, options, &result); !s.ok()) {
    return Fail(err, s.message());
  }
  const bool interpret = a.flags.count("--interpret") > 0;
  if (a.flags.count("--json")) {
    out << kn::ResultToJson(*instrument, result, kb.result_texts, lang, interpret) << "\n";
  } else {
    out << kn::FormatResultText(*instrument, result, kb.result_texts, lang, {interpret, true})
        << "\n";
  }
  return kOk;
}

int List(const Args& a, std::ostream& out, std::ostream& err) {
  kn::KnowledgeBase kb;
  if (!LoadKb(a, err, &kb)) return kFailed;
  nlohmann::json list = nlohmann::json::array();
  for (const auto& [id, in] : kb.instruments) {
    std::vector<std::string> langs, forms = {"full"};
    for (kn::Lang l : in.languages) langs.push_back(kn::LangCode(l));
    for (const kn::Form& f : in.forms) forms.push_back(f.id);
    list.push_back({{"id", id},
                    {"version", in.version},
                    {"name", {{"zh", in.name.zh}, {"en", in.name.en}}},
                    {"construct", in.construct},
                    {"items", in.items.size()},
                    {"languages", langs},
                    {"forms", forms},
                    {"norm_groups", in.norms.empty() ? std::vector<std::string>{} : in.norms.groups()},
                    {"translation_status", in.translation_status}});
  }
  if (a.flags.count("--json")) {
    out << list.dump(2) << "\n";
    return kOk;
  }
  for (const auto& e : list) {
    std::string langs, forms, groups;
    for (const auto& l : e["languages"]) langs += (langs.empty() ? "" : ",") + l.get<std::string>();
    for (const auto& f : e["forms"]) forms += (forms.empty() ? "" : ",") + f.get<std::string>();
    for (const auto& g : e["norm_groups"]) groups += (groups.empty() ? "" : ",") + g.get<std::string>();
    out << e["id"].get<std::string>() << "  " << e["version"].get<std::string>() << "  " << e["items"].get<size_t>()
        << " items  languages " << langs << "  forms " << forms << "  norms " << (groups.empty() ? "none" : groups)
        << "\n    " << e["name"]["en"].get<std::string>() << " / " << e["name"]["zh"].get<std::string>() << "\n";
  }
  return kOk;
}

int Check(const Args& a, std::ostream& out, std::ostream& err) {
  std::string dir;
  if (!KnowledgeDirOf(a, err, &dir)) return kFailed;
  if (a.positional.empty()) {
    kn::KnowledgeBase kb;
    if (Status s = kn::LoadKnowledgeBase(dir, &kb); !s.ok()) return Fail(err, s.message());
    out << "OK: " << kb.instruments.size() << " instruments in " << dir << "/instruments, with their norms and "
        << "interpretation; " << kb.occupations.occupations.size() << " occupations ("
        << kb.occupations.suggestible_count() << " with zh titles); " << kb.training.directions.size()
        << " training directions\n";
    return kOk;
  }
  int code = kOk;
  for (const std::string& file : a.positional) {
    kn::Instrument instrument;
    if (Status s = kn::LoadInstrumentFile(file, dir, &instrument); !s.ok()) {
      err << "careerbot: " << s.message() << "\n";
      code = kFailed;
      continue;
    }
    out << "OK: " << file << " (" << instrument.id << " " << instrument.version << ", " << instrument.items.size()
        << " items, " << instrument.scales.size() << " scales)\n";
  }
  return code;
}

int BuildNorms(const Args& a, std::istream& in, std::ostream& out, std::ostream& err) {
  if (!a.Has("--instrument")) return Usage(err, "norms build needs --instrument ID");
  if (!a.Has("--from")) return Usage(err, "norms build needs --from FILE.csv");
  kn::NormBuildOptions options;
  if (a.Has("--group")) options.group = a.Get("--group");
  if (a.Has("--description")) options.group_description = a.Get("--description");
  if (a.Has("--min-n")) {
    const std::string v = a.Get("--min-n");
    if (v.empty() || v.size() > 7 || v.find_first_not_of("0123456789") != std::string::npos) {
      return Usage(err, "--min-n must be a whole number");
    }
    options.min_n = std::stoi(v);
  }
  options.source = a.Get("--from");
  kn::KnowledgeBase kb;
  if (!LoadKb(a, err, &kb)) return kFailed;
  const kn::Instrument* instrument = kb.FindInstrument(a.Get("--instrument"));
  if (!instrument) return Fail(err, "no instrument \"" + a.Get("--instrument") + "\"");
  std::string csv, json_text;
  if (!ReadInput(a.Get("--from"), in, &csv, err)) return kFailed;
  if (Status s = kn::BuildNormsFromCsv(*instrument, csv, a.Get("--from"), options, &json_text); !s.ok()) {
    return Fail(err, s.message());
  }
  // The result must load like a shipped norm file: the same checks, before writing.
  kn::NormTable table;
  if (Status s = kn::ParseNormTable(json_text, "built norms", &table); !s.ok()) return Fail(err, s.message());
  if (Status s = kn::CheckNormsFit(*instrument, table, {options.group}); !s.ok()) return Fail(err, s.message());
  if (!a.Has("--out") || a.Get("--out") == "-") {
    out << json_text;
    return kOk;
  }
  std::ofstream file(a.Get("--out"), std::ios::binary | std::ios::trunc);
  file << json_text;
  file.close();
  if (!file) return Fail(err, a.Get("--out") + ": cannot write the file");
  out << "wrote " << a.Get("--out") << " (" << instrument->id << ", group " << options.group << ", n = "
      << table.records.front().n << ")\n";
  return kOk;
}

bool ParseSix(const std::string& text, kn::Profile6* out) {
  std::stringstream ss(text);
  std::string part;
  size_t k = 0;
  while (std::getline(ss, part, ',')) {
    if (k == 6) return false;
    char* end = nullptr;
    const double v = std::strtod(part.c_str(), &end);
    if (part.empty() || *end != '\0') return false;
    (*out)[k++] = v;
  }
  return k == 6;
}

int Match(const Args& a, std::ostream& out, std::ostream& err) {
  if (!a.Has("--interests") || !a.Has("--education")) {
    return Usage(err, "occupations match needs --interests R,I,A,S,E,C and --education ID");
  }
  kn::Profile6 interests{};
  if (!ParseSix(a.Get("--interests"), &interests)) return Usage(err, "--interests needs six numbers, R,I,A,S,E,C");
  std::optional<kn::Profile6> values;
  if (a.Has("--values")) {
    kn::Profile6 v{};
    if (!ParseSix(a.Get("--values"), &v)) return Usage(err, "--values needs six numbers");
    values = v;
  }
  int years = 0, limit = 10;
  try {
    years = std::stoi(a.Get("--years", "0"));
    limit = std::stoi(a.Get("--limit", "10"));
  } catch (const std::exception&) {
    return Usage(err, "--years and --limit must be whole numbers");
  }
  if (limit < 1) return Usage(err, "--limit must be at least 1");
  kn::KnowledgeBase kb;
  if (!LoadKb(a, err, &kb)) return kFailed;
  kn::MatchResult result;
  if (Status s =
          kn::MatchOccupations(kb.occupations, kb.result_texts, interests, a.Get("--education"),
                               years, values, static_cast<size_t>(limit), &result);
      !s.ok()) {
    return Fail(err, s.message());
  }
  const kn::Lang lang = LangOf(a);
  if (a.flags.count("--json")) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& m : result.matches) {
      list.push_back({{"code", m.occupation->code},
                      {"title", m.occupation->title.in(lang)},
                      {"title_en", m.occupation->title.en},
                      {"holland_code", m.occupation->holland_code},
                      {"job_zone", m.occupation->job_zone},
                      {"interest_r", m.interest_r},
                      {"values_r", m.values_r ? nlohmann::json(*m.values_r) : nlohmann::json(nullptr)},
                      {"score", m.score},
                      {"shared_letters", m.shared_letters},
                      {"why", m.why.in(lang)}});
    }
    out << nlohmann::json{{"job_zones", {result.min_zone, result.max_zone}},
                          {"matches", list},
                          {"attribution", result.attribution.in(lang)}}
               .dump(2)
        << "\n";
    return kOk;
  }
  for (size_t i = 0; i < result.matches.size(); ++i) {
    const auto& m = result.matches[i];
    out << (i + 1) << ". " << m.occupation->title.in(lang) << " (" << m.occupation->code << ")\n   "
        << m.why.in(lang) << "\n";
  }
  out << result.attribution.in(lang) << "\n";
  return kOk;
}

}  // namespace

bool IsInstrumentVerb(std::string_view verb) {
  return verb == "score" || verb == "instruments" || verb == "norms" || verb == "occupations";
}

int RunInstrumentCommand(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
                         std::ostream& err) {
  if (args.empty() || !IsInstrumentVerb(args[0])) return Usage(err, "not an assessment command");
  Args a;
  if (int code = Parse(args, err, &a); code != kOk) return code;
  if (a.verb == "score") return Score(a, in, out, err);
  if (a.verb == "instruments" && a.sub == "list") return List(a, out, err);
  if (a.verb == "instruments" && a.sub == "check") return Check(a, out, err);
  if (a.verb == "norms") return BuildNorms(a, in, out, err);
  return Match(a, out, err);
}

}  // namespace careerbot::bot
