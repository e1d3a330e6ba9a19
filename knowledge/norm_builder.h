// The norm builder: computes a "norms/1" file from response data, so an
// institution can build norms from its own clients' anonymized answers (clause 4.3
// "sampling, statistics, norms"). `careerbot norms build` runs it.
//
// Per scale (derived totals included): n, mean, sample SD (n - 1), Cronbach's
// alpha on the keyed item scores, the item metric, the raw score at percentiles
// 1, 5, 10 … 95, 99 (linear interpolation between order statistics, Hyndman-Fan
// type 7) and the mid-rank percentile of every possible raw score
// (100 (below + equal / 2) / n). Rounding: mean, SD, alpha, item metric to 3
// decimals; percentiles and percentile ranks to 2, as in the shipped IPIP-50 file.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "knowledge/instrument.h"

namespace careerbot::knowledge {

struct NormBuildOptions {
  std::string group = "all";
  std::string group_description = "all respondents after cleaning";
  std::string source;  // where the data came from (the CSV path), recorded in the file
  int min_n = 200;     // fewer kept rows than this is refused: too few for norms
};

// Statistics of one scale from complete rows of keyed item scores (rows x items).
struct ScaleStatistics {
  int n = 0;
  double mean = 0, sd = 0;
  std::optional<double> alpha;  // none for one item or no total variance
  std::vector<int> sums;        // each row's raw score, sorted ascending
};
ScaleStatistics ComputeScaleStatistics(const std::vector<std::vector<int>>& keyed_rows);
// Type-7 percentile (p in 0..100) of sorted values.
double Type7Percentile(const std::vector<int>& sorted, double p);

// The CSV: a header of item ids (every item of the instrument; other columns are
// ignored), one row per respondent, answers as the response scale's values; an empty
// cell or 0 is a missing answer. Rows with a missing or out-of-scale answer and rows
// whose answers are all identical are dropped (and counted in meta.rows_dropped).
// A cell that is not an integer is InvalidArgument naming line and column; so is a
// missing item column and a kept n below options.min_n. *json_out: the norm file.
Status BuildNormsFromCsv(const Instrument& instrument, std::string_view csv_text,
                         const std::string& source_name, const NormBuildOptions& options,
                         std::string* json_out);

}  // namespace careerbot::knowledge
