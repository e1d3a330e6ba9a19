// Occupations (O*NET 29.3, CC BY 4.0) and matching a client's interest profile to
// them (docs/occupations.md).
//
// knowledge/data/occupations/ holds the O*NET tables as shipped by the source
// (RIASEC occupational-interest profiles with job zones, work values, job zone
// reference), careful Chinese titles for a curated subset — only those occupations
// are ever suggested — the eight major groups of the Chinese occupational
// classification with a heuristic map from US SOC major groups, and occupations.json
// (attribution text, education → job zone mapping). The O*NET attribution is part of
// every match result. Immutable after loading, safe to share between threads.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "knowledge/localized_text.h"

namespace careerbot::knowledge {

struct InstrumentResult;
class TextCatalog;

// Six scores in R I A S E C order (interests) or in the O*NET work-value order
// achievement, working_conditions, recognition, relationships, support, independence.
using Profile6 = std::array<double, 6>;

struct Occupation {
  std::string code;      // O*NET-SOC, "15-1252.00"
  LocalizedText title;   // zh empty unless curated
  Profile6 interests{};  // O*NET occupational interest scores, 1-7
  std::string holland_code;  // O*NET high-point letters, 1-3
  int job_zone = 0;          // 1-5
  std::optional<Profile6> work_values;  // extent 1-7, when O*NET rates them
  int soc_major = 0;  // "15" of the code
  int cn_major = 0;   // primary major group of the Chinese classification (heuristic)
  bool suggestible() const { return !title.zh.empty(); }
};

struct JobZone {
  int zone = 0;
  std::string name;  // "Job Zone Three: Medium Preparation Needed"
  LocalizedText label;
};

struct CnMajorGroup {
  int code = 0;           // 1-8
  std::string gbm_code;   // "GBM 20000"
  LocalizedText name;
};

// An education level of the intake (its choice id) and the job zones that fit it.
struct EducationZones {
  std::string id;  // "bachelor"
  LocalizedText label;
  int min_zone = 1, max_zone = 5;
  int experience_years = 0;      // with at least this much experience …
  int max_zone_experienced = 0;  // … the upper zone rises to this (0: no change)
};

struct OccupationDb {
  std::vector<Occupation> occupations;  // every O*NET occupation with interest data
  std::vector<JobZone> job_zones;
  std::vector<CnMajorGroup> cn_major_groups;
  std::vector<EducationZones> education;
  LocalizedText attribution;  // show wherever O*NET data appears
  std::string release;        // "O*NET 29.3 Database (May 2025)"

  const Occupation* Find(std::string_view code) const;
  const CnMajorGroup* FindCnMajor(int code) const;
  const EducationZones* FindEducation(std::string_view id) const;
  const JobZone* FindJobZone(int zone) const;
  size_t suggestible_count() const;
};

// Loads `dir` (knowledge/data/occupations): every file checked; an error names the
// file, the line and the column (a curated zh title whose English title differs from
// O*NET's, an unknown code, a score outside 1-7 …).
Status LoadOccupations(const std::string& dir, OccupationDb* out);

struct OccupationMatch {
  const Occupation* occupation = nullptr;
  double interest_r = 0;               // Pearson r, client interests vs occupation
  std::optional<double> values_r;      // Pearson r of work values, when both exist
  double score = 0;                    // what the ranking used (see MatchOccupations)
  std::string shared_letters;          // client's top-3 letters in the occupation's code
  LocalizedText why;  // one sentence: letters, r, job zone (and values): match.why*
};

struct MatchResult {
  std::vector<OccupationMatch> matches;
  int min_zone = 0, max_zone = 0;  // the job zones searched
  LocalizedText attribution;       // the O*NET attribution, to show with the matches
};

// Ranks the curated occupations whose job zone fits `education` (an EducationZones
// id) and `years_experience` by the Pearson correlation between `interests` (any
// metric, R I A S E C) and the occupation's six interest scores; with `work_values`
// (the client's six value means, O*NET order) the score is 0.7 r(interests) +
// 0.3 r(values) for occupations that have values (others keep r(interests)). Ties:
// O*NET code. At most `limit` matches, each with why it matches in the match.why*
// texts of `texts` (the knowledge base's result_texts). InvalidArgument for an
// unknown education, a negative experience, or a flat profile (all six equal: no
// correlation exists).
Status MatchOccupations(const OccupationDb& db, const TextCatalog& texts, const Profile6& interests,
                        const std::string& education, int years_experience,
                        const std::optional<Profile6>& work_values, size_t limit, MatchResult* out);

// The six scale means of a scored RIASEC result (iip_riasec_48, onet_ip_sf_60) or of
// the work-values result, in the order above; nullopt when a scale is unscored.
std::optional<Profile6> InterestProfile(const InstrumentResult& result);
std::optional<Profile6> WorkValuesProfile(const InstrumentResult& result);

// Pearson correlation; nullopt when either side has no variance.
std::optional<double> Pearson(const Profile6& a, const Profile6& b);

}  // namespace careerbot::knowledge
