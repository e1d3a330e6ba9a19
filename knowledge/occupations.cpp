// Loading the occupation tables and matching interest profiles (docs/occupations.md).
#include "knowledge/occupations.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>

#include "knowledge/csv.h"
#include "knowledge/instrument.h"
#include "knowledge/json_file.h"
#include "knowledge/object_reader.h"
#include "knowledge/text_catalog.h"
#include "knowledge/validity.h"

namespace careerbot::knowledge {
namespace {

using nlohmann::json;

const char* const kRiasec[] = {"R", "I", "A", "S", "E", "C"};
const char* const kValues[] = {"achievement", "working_conditions", "recognition",
                               "relationships", "support", "independence"};

Status LoadCsv(const std::string& path, const std::vector<std::string>& columns, CsvTable* out) {
  std::string text;
  if (Status s = ReadTextFile(path, &text); !s.ok()) return s;
  if (Status s = ParseCsv(text, path, out); !s.ok()) return s;
  for (const std::string& c : columns) {
    if (out->Column(c) < 0) return Status::InvalidArgument(path + ": the header has no column \"" + c + "\"");
  }
  return Status::Ok();
}

std::string At(const CsvTable& t, size_t row, const std::string& column) {
  return t.rows[row][t.Column(column)];
}

Status Number(const CsvTable& t, size_t row, const std::string& column, const std::string& path,
              double lo, double hi, double* out) {
  const std::string cell = At(t, row, column);
  char* end = nullptr;
  const double v = std::strtod(cell.c_str(), &end);
  if (cell.empty() || *end != '\0' || !(v >= lo && v <= hi)) {
    return Status::InvalidArgument(path + ": line " + std::to_string(t.lines[row]) + ", column " + column +
                                   ": \"" + cell + "\" is not a number from " + FormatNumber(lo, 0) + " to " +
                                   FormatNumber(hi, 0));
  }
  *out = v;
  return Status::Ok();
}

Status LoadManifest(const std::string& path, OccupationDb* db) {
  json doc;
  if (Status s = ReadJsonFile(path, &doc); !s.ok()) return s;
  if (!doc.is_object()) return Status::InvalidArgument(path + ": the document must be a JSON object");
  const std::string schema = "occupations schema (docs/occupations.md)";
  const ObjectReader top(doc, "", "", schema);
  Status s = top.OnlyFields({"schema", "release", "attribution", "job_zones", "education", "notes"});
  std::string version;
  if (s.ok()) s = top.String("schema", &version);
  if (s.ok() && version != "occupations/1") s = top.Fail("schema", "must be \"occupations/1\"");
  if (s.ok()) s = top.String("release", &db->release);
  if (s.ok()) s = top.Text("attribution", &db->attribution);
  const json* zones = nullptr;
  if (s.ok()) s = top.Object("job_zones", &zones);
  if (s.ok()) {
    const ObjectReader z = top.Nested(*zones, "job_zones");
    for (int zone = 1; zone <= 5 && s.ok(); ++zone) {
      JobZone jz;
      jz.zone = zone;
      s = z.Text(std::to_string(zone), &jz.label);
      db->job_zones.push_back(std::move(jz));
    }
  }
  const json* education = nullptr;
  if (s.ok()) s = top.Array("education", &education);
  for (size_t i = 0; s.ok() && i < education->size(); ++i) {
    const json* e = nullptr;
    s = top.Element(*education, "education", i, &e);
    if (!s.ok()) break;
    const ObjectReader r = top.Nested(*e, "education[" + std::to_string(i) + "]");
    EducationZones ez;
    s = r.OnlyFields({"id", "label", "min_zone", "max_zone", "experience_years", "max_zone_experienced"});
    if (s.ok()) s = r.String("id", &ez.id);
    if (s.ok()) s = r.Text("label", &ez.label);
    if (s.ok()) s = r.Int("min_zone", &ez.min_zone);
    if (s.ok()) s = r.Int("max_zone", &ez.max_zone);
    if (s.ok()) s = r.Int("experience_years", &ez.experience_years);
    if (s.ok()) s = r.Int("max_zone_experienced", &ez.max_zone_experienced);
    if (s.ok() && !(1 <= ez.min_zone && ez.min_zone <= ez.max_zone && ez.max_zone <= 5)) {
      s = r.Fail("max_zone", "must satisfy 1 <= min_zone <= max_zone <= 5");
    }
    if (s.ok() && ez.max_zone_experienced != 0 &&
        (ez.max_zone_experienced < ez.max_zone || ez.max_zone_experienced > 5 || ez.experience_years < 1)) {
      s = r.Fail("max_zone_experienced", "must be 0, or max_zone..5 with experience_years >= 1");
    }
    if (s.ok() && db->FindEducation(ez.id)) s = r.Fail("id", Quote(ez.id) + " is listed twice");
    if (s.ok()) db->education.push_back(std::move(ez));
  }
  return s.Annotate(path);
}

Status LoadTables(const std::string& dir, OccupationDb* db) {
  // The major groups of the Chinese classification, and the heuristic map to them.
  CsvTable cn;
  const std::string cn_path = dir + "/cn_occupation_major_categories.csv";
  if (Status s = LoadCsv(cn_path, {"major_code", "gbm_code", "name_zh", "name_en_informal"}, &cn); !s.ok()) return s;
  for (size_t r = 0; r < cn.rows.size(); ++r) {
    double code = 0;
    if (Status s = Number(cn, r, "major_code", cn_path, 1, 8, &code); !s.ok()) return s;
    db->cn_major_groups.push_back({static_cast<int>(code), At(cn, r, "gbm_code"),
                                   {At(cn, r, "name_zh"), At(cn, r, "name_en_informal")}});
  }
  if (db->cn_major_groups.size() != 8) return Status::InvalidArgument(cn_path + ": 8 major groups expected");
  CsvTable map;
  const std::string map_path = dir + "/soc_major_to_cn_major_heuristic.csv";
  if (Status s = LoadCsv(map_path, {"soc2018_major", "cn_major_primary"}, &map); !s.ok()) return s;
  std::map<int, int> soc_to_cn;
  for (size_t r = 0; r < map.rows.size(); ++r) {
    double soc = 0, major = 0;
    if (Status s = Number(map, r, "soc2018_major", map_path, 11, 55, &soc); !s.ok()) return s;
    if (Status s = Number(map, r, "cn_major_primary", map_path, 1, 8, &major); !s.ok()) return s;
    soc_to_cn[static_cast<int>(soc)] = static_cast<int>(major);
  }

  CsvTable riasec;
  const std::string riasec_path = dir + "/occupations_riasec.csv";
  if (Status s = LoadCsv(riasec_path, {"onet_soc_code", "title", "R", "I", "A", "S", "E", "C", "holland_code", "job_zone"},
                         &riasec);
      !s.ok()) {
    return s;
  }
  for (size_t r = 0; r < riasec.rows.size(); ++r) {
    Occupation o;
    o.code = At(riasec, r, "onet_soc_code");
    o.title.en = At(riasec, r, "title");
    for (int k = 0; k < 6; ++k) {
      if (Status s = Number(riasec, r, kRiasec[k], riasec_path, 1, 7, &o.interests[k]); !s.ok()) return s;
    }
    o.holland_code = At(riasec, r, "holland_code");
    double zone = 0;
    if (Status s = Number(riasec, r, "job_zone", riasec_path, 1, 5, &zone); !s.ok()) return s;
    o.job_zone = static_cast<int>(zone);
    o.soc_major = std::atoi(o.code.substr(0, 2).c_str());
    auto cn_major = soc_to_cn.find(o.soc_major);
    if (o.code.size() != 10 || o.code[2] != '-' || cn_major == soc_to_cn.end() || db->Find(o.code)) {
      return Status::InvalidArgument(riasec_path + ": line " + std::to_string(riasec.lines[r]) + ": code \"" + o.code +
                                     "\" is malformed, repeated, or of a SOC major group " + map_path + " does not map");
    }
    o.cn_major = cn_major->second;
    db->occupations.push_back(std::move(o));
  }

  CsvTable values;
  const std::string values_path = dir + "/occupations_work_values.csv";
  std::vector<std::string> value_columns = {"onet_soc_code"};
  for (const char* v : kValues) value_columns.push_back(v);
  if (Status s = LoadCsv(values_path, value_columns, &values); !s.ok()) return s;
  for (size_t r = 0; r < values.rows.size(); ++r) {
    auto it = std::find_if(db->occupations.begin(), db->occupations.end(),
                           [&](const Occupation& o) { return o.code == At(values, r, "onet_soc_code"); });
    if (it == db->occupations.end()) continue;  // values for an occupation without interest data: unused
    Profile6 p{};
    for (int k = 0; k < 6; ++k) {
      if (Status s = Number(values, r, kValues[k], values_path, 1, 7, &p[k]); !s.ok()) return s;
    }
    it->work_values = p;
  }

  CsvTable zones;
  const std::string zones_path = dir + "/job_zone_reference.csv";
  if (Status s = LoadCsv(zones_path, {"Job Zone", "Name"}, &zones); !s.ok()) return s;
  for (size_t r = 0; r < zones.rows.size(); ++r) {
    double zone = 0;
    if (Status s = Number(zones, r, "Job Zone", zones_path, 1, 5, &zone); !s.ok()) return s;
    for (JobZone& jz : db->job_zones) {
      if (jz.zone == static_cast<int>(zone)) jz.name = At(zones, r, "Name");
    }
  }

  CsvTable titles;
  const std::string titles_path = dir + "/titles_zh.csv";
  if (Status s = LoadCsv(titles_path, {"onet_soc_code", "title", "title_zh"}, &titles); !s.ok()) return s;
  for (size_t r = 0; r < titles.rows.size(); ++r) {
    const std::string code = At(titles, r, "onet_soc_code");
    const std::string where = titles_path + ": line " + std::to_string(titles.lines[r]) + ": " + code;
    auto it = std::find_if(db->occupations.begin(), db->occupations.end(),
                           [&](const Occupation& o) { return o.code == code; });
    if (it == db->occupations.end()) return Status::InvalidArgument(where + " is not an occupation of " + riasec_path);
    // The English title is repeated so that a shifted or mistyped code is caught.
    if (At(titles, r, "title") != it->title.en) {
      return Status::InvalidArgument(where + ": title \"" + At(titles, r, "title") + "\" differs from O*NET's \"" +
                                     it->title.en + "\"");
    }
    if (At(titles, r, "title_zh").empty()) return Status::InvalidArgument(where + ": title_zh is empty");
    if (!it->title.zh.empty()) return Status::InvalidArgument(where + ": listed twice");
    it->title.zh = At(titles, r, "title_zh");
  }
  return Status::Ok();
}

std::string TopLetters(const Profile6& p, size_t n) {
  std::array<int, 6> order = {0, 1, 2, 3, 4, 5};
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return p[a] > p[b]; });
  std::string out;
  for (size_t i = 0; i < n; ++i) out += kRiasec[order[i]];
  return out;
}

}  // namespace

const Occupation* OccupationDb::Find(std::string_view code) const {
  for (const Occupation& o : occupations) {
    if (o.code == code) return &o;
  }
  return nullptr;
}

const CnMajorGroup* OccupationDb::FindCnMajor(int code) const {
  for (const CnMajorGroup& g : cn_major_groups) {
    if (g.code == code) return &g;
  }
  return nullptr;
}

const EducationZones* OccupationDb::FindEducation(std::string_view id) const {
  for (const EducationZones& e : education) {
    if (e.id == id) return &e;
  }
  return nullptr;
}

const JobZone* OccupationDb::FindJobZone(int zone) const {
  for (const JobZone& z : job_zones) {
    if (z.zone == zone) return &z;
  }
  return nullptr;
}

size_t OccupationDb::suggestible_count() const {
  return std::count_if(occupations.begin(), occupations.end(), [](const Occupation& o) { return o.suggestible(); });
}

Status LoadOccupations(const std::string& dir, OccupationDb* out) {
  OccupationDb db;
  if (Status s = LoadManifest(dir + "/occupations.json", &db); !s.ok()) return s;
  if (Status s = LoadTables(dir, &db); !s.ok()) return s;
  *out = std::move(db);
  return Status::Ok();
}

std::optional<double> Pearson(const Profile6& a, const Profile6& b) {
  double ma = 0, mb = 0;
  for (int k = 0; k < 6; ++k) {
    ma += a[k] / 6;
    mb += b[k] / 6;
  }
  double sab = 0, saa = 0, sbb = 0;
  for (int k = 0; k < 6; ++k) {
    sab += (a[k] - ma) * (b[k] - mb);
    saa += (a[k] - ma) * (a[k] - ma);
    sbb += (b[k] - mb) * (b[k] - mb);
  }
  if (saa <= 1e-12 || sbb <= 1e-12) return std::nullopt;
  return sab / std::sqrt(saa * sbb);
}

Status MatchOccupations(const OccupationDb& db, const TextCatalog& texts, const Profile6& interests,
                        const std::string& education, int years_experience,
                        const std::optional<Profile6>& work_values, size_t limit,
                        MatchResult* out) {
  const EducationZones* ez = db.FindEducation(education);
  if (!ez) return Status::InvalidArgument("unknown education \"" + education + "\"");
  if (years_experience < 0) return Status::InvalidArgument("years of experience must not be negative");
  if (!Pearson(interests, {1, 2, 3, 4, 5, 6})) {
    return Status::InvalidArgument("the interest profile is flat (all six scores equal): no occupation "
                                   "can be matched by correlation");
  }
  MatchResult result;
  result.attribution = db.attribution;
  result.min_zone = ez->min_zone;
  result.max_zone = ez->max_zone;
  if (ez->max_zone_experienced > 0 && years_experience >= ez->experience_years) {
    result.max_zone = ez->max_zone_experienced;
  }
  const std::string client_top = TopLetters(interests, 3);
  for (const Occupation& o : db.occupations) {
    if (!o.suggestible() || o.job_zone < result.min_zone || o.job_zone > result.max_zone) continue;
    OccupationMatch m;
    m.occupation = &o;
    m.interest_r = Pearson(interests, o.interests).value_or(0);
    m.score = m.interest_r;
    if (work_values && o.work_values) {
      m.values_r = Pearson(*work_values, *o.work_values);
      if (m.values_r) m.score = 0.7 * m.interest_r + 0.3 * *m.values_r;
    }
    for (char c : client_top) {
      if (o.holland_code.find(c) != std::string::npos) m.shared_letters += c;
    }
    result.matches.push_back(std::move(m));
  }
  std::sort(result.matches.begin(), result.matches.end(), [](const OccupationMatch& a, const OccupationMatch& b) {
    if (a.score != b.score) return a.score > b.score;
    return a.occupation->code < b.occupation->code;
  });
  if (result.matches.size() > limit) result.matches.resize(limit);
  for (OccupationMatch& m : result.matches) {
    const Occupation& o = *m.occupation;
    const JobZone* zone = db.FindJobZone(o.job_zone);
    auto why = [&](Lang lang) {
      const TextParams letters = {{"interest_code", client_top},
                                  {"occupation_code", o.holland_code},
                                  {"shared", m.shared_letters}};
      return texts.Render(
          "match.why", lang,
          {{"letters",
            texts.Render(m.shared_letters.empty() ? "match.why.none_shared" : "match.why.shared",
                         lang, letters)},
           {"r", FormatNumber(m.interest_r, 2)},
           {"zone", std::to_string(o.job_zone)},
           {"zone_label", zone->label.in(lang)},
           {"values", m.values_r ? texts.Render("match.why.values", lang,
                                                {{"r", FormatNumber(*m.values_r, 2)}})
                                 : ""}});
    };
    m.why = {why(Lang::kZh), why(Lang::kEn)};
  }
  *out = std::move(result);
  return Status::Ok();
}

std::optional<Profile6> InterestProfile(const InstrumentResult& result) {
  Profile6 p{};
  for (int k = 0; k < 6; ++k) {
    const ScaleScore* s = result.Find(kRiasec[k]);
    if (!s || !s->scored) return std::nullopt;
    p[k] = s->mean;
  }
  return p;
}

std::optional<Profile6> WorkValuesProfile(const InstrumentResult& result) {
  Profile6 p{};
  for (int k = 0; k < 6; ++k) {
    const ScaleScore* s = result.Find(kValues[k]);
    if (!s || !s->scored) return std::nullopt;
    p[k] = s->mean;
  }
  return p;
}

}  // namespace careerbot::knowledge
