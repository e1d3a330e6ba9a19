// Norm tables: how a group of respondents scored on each scale of an instrument,
// so that one client's raw score becomes a percentile and a T-score.
//
// A norm file lives in knowledge/data/norms/ and follows the "norms/1" schema of
// docs/instruments.md (the schema the IPIP-50 norms were computed in, kept so the
// shipped file stays byte-identical to its provenance). Norms are always on the
// raw sum of keyed item scores of the full item set. A loaded NormTable is
// immutable plain data, safe to share between threads.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace careerbot::knowledge {

struct Instrument;

struct NormRecord {
  std::string scale;
  std::string group;
  std::string group_description;
  std::string score;  // what was summed, e.g. "sum of 10 keyed items (10-50)"
  int n = 0;
  double mean = 0;
  double sd = 0;  // sample SD (n - 1)
  std::optional<double> alpha;  // Cronbach's alpha; none for one-item scales
  int min = 0, max = 0;         // the lowest and highest raw score observed in the group
  std::map<int, double> percentile_ranks;    // every possible raw score -> mid-rank percentile
  std::map<std::string, double> percentiles;  // "1".."99" -> raw score (type 7)
};

struct NormTable {
  std::string file;  // the path it was loaded from
  std::string instrument;
  std::vector<NormRecord> records;

  const NormRecord* Find(std::string_view group, std::string_view scale) const;
  std::vector<std::string> groups() const;  // in file order, each once
  bool empty() const { return records.empty(); }
};

// Parses a "norms/1" document: schema, meta (an object), and records each with
// instrument, scale, group, n >= 2, mean, sd > 0, alpha (number or null), the
// observed min <= mean <= max, percentile ranks (0-100, not decreasing) for a
// contiguous run of raw scores that includes min..max, and percentiles.
// InvalidArgument naming `source_name` and the record ("norms[3] (group all,
// scale E): ..."); LoadNormFile: NotFound when the file cannot be opened.
Status ParseNormTable(std::string_view json_text, const std::string& source_name, NormTable* out);
Status LoadNormFile(const std::string& path, NormTable* out);

// The norms fit the instrument: the same instrument id, every record on a scale
// the instrument has, its percentile ranks covering exactly the scale's possible raw
// range (items x lowest .. highest item score), no (group, scale) twice,
// and every group in `groups` with a record for every scale. The error names the
// norm file, the group and the scale.
Status CheckNormsFit(const Instrument& instrument, const NormTable& norms,
                     const std::vector<std::string>& groups);

// The mid-rank percentile of `raw` in the table (0-100, two decimals as stored);
// raw outside the table is clamped to its ends. T = 50 + 10 (raw - mean) / sd, rounded to 0.1.
double PercentileRank(const NormRecord& record, int raw);
double TScore(const NormRecord& record, int raw);

}  // namespace careerbot::knowledge
