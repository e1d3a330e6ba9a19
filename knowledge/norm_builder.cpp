#include "knowledge/norm_builder.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "knowledge/csv.h"
#include "knowledge/validity.h"

namespace careerbot::knowledge {
namespace {

using nlohmann::ordered_json;

constexpr int kPercentiles[] = {1, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90, 95, 99};

const char* const kPercentileMethod =
    "'percentiles': raw sum score at each percentile, linear interpolation between order statistics "
    "(Hyndman-Fan type 7). 'percentile_ranks': mid-rank percentile of each possible raw score = "
    "100*(count below + 0.5*count equal)/n.";

double Round(double v, int digits) {
  const double f = std::pow(10.0, digits);
  return std::round(v * f) / f;
}

double SampleVariance(const std::vector<double>& values) {
  const double n = static_cast<double>(values.size());
  double mean = 0;
  for (double v : values) mean += v;
  mean /= n;
  double ss = 0;
  for (double v : values) ss += (v - mean) * (v - mean);
  return ss / (n - 1);
}

// Parses one answer cell: "" and "0" are missing (0); an integer is returned as is.
bool ParseCell(const std::string& cell, int* out) {
  std::string s = cell;
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.erase(0, 1);
  if (s.empty()) {
    *out = 0;
    return true;
  }
  size_t i = s[0] == '-' ? 1 : 0;
  if (i == s.size() || s.size() > 6) return false;
  for (size_t k = i; k < s.size(); ++k) {
    if (s[k] < '0' || s[k] > '9') return false;
  }
  *out = std::stoi(s);
  return true;
}

}  // namespace

double Type7Percentile(const std::vector<int>& sorted, double p) {
  if (sorted.empty()) return 0;
  const double h = (static_cast<double>(sorted.size()) - 1) * p / 100.0;
  const size_t lo = static_cast<size_t>(std::floor(h));
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

ScaleStatistics ComputeScaleStatistics(const std::vector<std::vector<int>>& rows) {
  ScaleStatistics st;
  st.n = static_cast<int>(rows.size());
  if (rows.empty()) return st;
  const size_t k = rows[0].size();
  std::vector<double> totals;
  for (const auto& row : rows) {
    int sum = 0;
    for (int v : row) sum += v;
    st.sums.push_back(sum);
    totals.push_back(sum);
  }
  std::sort(st.sums.begin(), st.sums.end());
  double mean = 0;
  for (double t : totals) mean += t;
  st.mean = mean / st.n;
  if (st.n < 2) return st;
  const double total_var = SampleVariance(totals);
  st.sd = std::sqrt(total_var);
  if (k >= 2 && total_var > 0) {
    double item_vars = 0;
    for (size_t j = 0; j < k; ++j) {
      std::vector<double> column;
      for (const auto& row : rows) column.push_back(row[j]);
      item_vars += SampleVariance(column);
    }
    const double kk = static_cast<double>(k);
    st.alpha = kk / (kk - 1) * (1 - item_vars / total_var);
  }
  return st;
}

Status BuildNormsFromCsv(const Instrument& in, std::string_view csv_text, const std::string& source_name,
                         const NormBuildOptions& options, std::string* json_out) {
  CsvTable table;
  if (Status s = ParseCsv(csv_text, source_name, &table); !s.ok()) return s;
  std::vector<int> column(in.items.size());
  ordered_json mapping = ordered_json::object();
  for (size_t i = 0; i < in.items.size(); ++i) {
    column[i] = table.Column(in.items[i].id);
    if (column[i] < 0) {
      return Status::InvalidArgument(source_name + ": item " + in.items[i].id + " of " + in.id +
                                     " has no column (the header must name every item id)");
    }
    mapping[in.items[i].id] = in.items[i].id;
  }
  std::vector<std::vector<int>> kept;  // answers, indexed like in.items
  int dropped_missing = 0, dropped_identical = 0;
  for (size_t r = 0; r < table.rows.size(); ++r) {
    std::vector<int> answers(in.items.size());
    bool complete = true, identical = true;
    for (size_t i = 0; i < in.items.size(); ++i) {
      const std::string& cell = table.rows[r][column[i]];
      if (!ParseCell(cell, &answers[i])) {
        return Status::InvalidArgument(source_name + ": line " + std::to_string(table.lines[r]) + ", item " +
                                       in.items[i].id + ": \"" + cell + "\" is not a whole number");
      }
      bool on_scale = false;
      for (const ResponseOption& o : in.response_scale) on_scale = on_scale || o.value == answers[i];
      complete = complete && on_scale;
      identical = identical && answers[i] == answers[0];
    }
    if (!complete) {
      ++dropped_missing;
    } else if (identical && in.items.size() > 1) {
      ++dropped_identical;
    } else {
      kept.push_back(std::move(answers));
    }
  }
  const int n = static_cast<int>(kept.size());
  if (n < options.min_n || n < 2) {
    return Status::InvalidArgument(source_name + ": " + std::to_string(n) + " usable rows (of " +
                                   std::to_string(table.rows.size()) + "), below the minimum of " +
                                   std::to_string(std::max(options.min_n, 2)) + " for norms (--min-n)");
  }

  ordered_json records = ordered_json::array();
  for (const Scale& scale : in.scales) {
    const std::vector<size_t> items = in.ItemsOf(scale.id);
    std::vector<std::vector<int>> keyed;
    for (const auto& answers : kept) {
      std::vector<int> row;
      for (size_t i : items) row.push_back(KeyedScore(in, in.items[i], answers[i]));
      keyed.push_back(std::move(row));
    }
    const ScaleStatistics st = ComputeScaleStatistics(keyed);
    if (st.sd <= 0) {
      return Status::InvalidArgument(source_name + ": scale " + scale.id +
                                     " has no variance in these rows (SD 0): norms cannot be built");
    }
    const int k = static_cast<int>(items.size());
    const int min = k * in.min_score(), max = k * in.max_score();
    ordered_json percentiles = ordered_json::object();
    for (int p : kPercentiles) percentiles[std::to_string(p)] = Round(Type7Percentile(st.sums, p), 2);
    ordered_json ranks = ordered_json::object();
    for (int raw = min; raw <= max; ++raw) {
      const auto below = std::lower_bound(st.sums.begin(), st.sums.end(), raw) - st.sums.begin();
      const auto equal = std::upper_bound(st.sums.begin(), st.sums.end(), raw) - st.sums.begin() - below;
      ranks[std::to_string(raw)] = Round(100.0 * (below + 0.5 * equal) / n, 2);
    }
    ordered_json record;
    record["instrument"] = in.id;
    record["scale"] = scale.id;
    record["scale_name"] = scale.name.en;
    record["group"] = options.group;
    record["group_description"] = options.group_description;
    record["score"] = "sum of " + std::to_string(k) + " keyed items (" + std::to_string(min) + "-" +
                      std::to_string(max) + ")";
    record["n"] = n;
    record["mean"] = Round(st.mean, 3);
    record["sd"] = Round(st.sd, 3);
    record["alpha"] = st.alpha ? ordered_json(Round(*st.alpha, 3)) : ordered_json(nullptr);
    record["item_metric"] = {{"mean", Round(st.mean / k, 3)}, {"sd", Round(st.sd / k, 3)}};
    record["min"] = st.sums.front();  // observed, as in the shipped IPIP-50 file
    record["max"] = st.sums.back();
    record["percentiles"] = percentiles;
    record["percentile_ranks"] = ranks;
    record["percentile_method"] = kPercentileMethod;
    record["source"] = {{"file", options.source.empty() ? source_name : options.source}};
    record["cleaning"] =
        "Rows " + std::to_string(table.rows.size()) + ". Kept a row only if (1) every item of " + in.id +
        " is answered with a value of its response scale (an empty cell or 0 is missing: the row is dropped "
        "listwise); (2) its answers are not all identical (straight-lining). Scale score = sum of the keyed "
        "item scores (reverse-keyed: the mirrored answer's score), range " +
        std::to_string(min) + "-" + std::to_string(max) + ". Built by careerbot norms build.";
    records.push_back(std::move(record));
  }
  ordered_json meta;
  meta["source"] = {{"file", options.source.empty() ? source_name : options.source}};
  meta["rows_in_file"] = table.rows.size();
  meta["rows_dropped"] = {{"all_" + std::to_string(in.items.size()) + "_answers_identical", dropped_identical},
                          {"missing_or_out_of_range_item", dropped_missing}};
  meta["rows_kept"] = n;
  meta["group_n_after_cleaning"] = {{options.group, n}};
  meta["min_n_for_norms"] = options.min_n;
  meta["item_mapping"] = mapping;
  ordered_json doc;
  doc["schema"] = "norms/1";
  doc["meta"] = meta;
  doc["norms"] = records;
  *json_out = doc.dump(1) + "\n";
  return Status::Ok();
}

}  // namespace careerbot::knowledge
