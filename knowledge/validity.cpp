// Straight-lining, too-fast answering and inconsistent pairs. The thresholds are
// the instrument's (docs/instruments.md explains the shipped choices); a flag is a
// reason for the counsellor to talk the result through, never a verdict. Each check
// names its message (validity.* of result_texts.json) with the numbers it found; the
// reader's language renders it later.
#include "knowledge/validity.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace careerbot::knowledge {
namespace {

std::string N(double v) { return FormatNumber(v, 1); }

ValidityCheck StraightLining(const Instrument& in, const std::vector<int>& answers,
                             const std::vector<bool>& given) {
  ValidityCheck c;
  c.rule = "straight_lining";
  if (!in.validity.max_run) {
    c.message = {"validity.straight_lining.undefined", {}};
    return c;
  }
  c.checked = true;
  c.threshold = *in.validity.max_run;
  int longest = 0, run = 0, previous = 0, answered = 0;
  int first = 0;
  bool all_same = true;
  for (size_t i = 0; i < answers.size(); ++i) {
    if (!given[i]) continue;  // items outside the form do not break a run: they were never shown
    const int a = answers[i];
    if (a == 0) {
      run = 0;
      previous = 0;
      continue;
    }
    if (answered++ == 0) first = a;
    all_same = all_same && a == first;
    run = a == previous ? run + 1 : 1;
    previous = a;
    longest = std::max(longest, run);
  }
  c.value = longest;
  const bool all_identical = answered >= 3 && all_same;
  c.flagged = all_identical || longest >= *in.validity.max_run;
  if (all_identical) {
    c.message = {"validity.straight_lining.all_same",
                 {{"answered", std::to_string(answered)}, {"answer", std::to_string(first)}}};
  } else if (c.flagged) {
    c.message = {"validity.straight_lining.flagged",
                 {{"run", std::to_string(longest)}, {"limit", N(c.threshold)}}};
  } else {
    c.message = {"validity.straight_lining.ok", {{"run", std::to_string(longest)}}};
  }
  return c;
}

ValidityCheck TooFast(const Instrument& in, const std::vector<int>& answers, const std::vector<bool>& given,
                      const std::vector<double>& seconds) {
  ValidityCheck c;
  c.rule = "too_fast";
  if (!in.validity.min_median_seconds) {
    c.message = {"validity.too_fast.undefined", {}};
    return c;
  }
  c.threshold = *in.validity.min_median_seconds;
  std::vector<double> times;
  size_t administered = 0;
  for (size_t i = 0; i < answers.size(); ++i) {
    if (!given[i]) continue;
    ++administered;
    if (answers[i] != 0 && i < seconds.size() && seconds[i] >= 0 && std::isfinite(seconds[i])) {
      times.push_back(seconds[i]);
    }
  }
  // A median of a few timings says little: at least half of the items, and three.
  if (times.size() < 3 || times.size() * 2 < administered) {
    c.message = {"validity.too_fast.too_few_times", {}};
    return c;
  }
  c.checked = true;
  std::sort(times.begin(), times.end());
  const size_t n = times.size();
  c.value = n % 2 ? times[n / 2] : (times[n / 2 - 1] + times[n / 2]) / 2.0;
  c.flagged = c.value < c.threshold;
  if (c.flagged) {
    c.message = {"validity.too_fast.flagged", {{"median", N(c.value)}, {"limit", N(c.threshold)}}};
  } else {
    c.message = {"validity.too_fast.ok", {{"median", N(c.value)}}};
  }
  return c;
}

ValidityCheck Inconsistency(const Instrument& in, const std::vector<int>& answers,
                            const std::vector<bool>& given) {
  ValidityCheck c;
  c.rule = "inconsistency";
  const ValidityRules& rules = in.validity;
  if (rules.pairs.empty()) {
    c.message = {"validity.inconsistency.undefined", {}};
    return c;
  }
  c.threshold = rules.min_pairs;
  int evaluated = 0, differing = 0;
  for (const auto& [a, b] : rules.pairs) {
    size_t ia = 0, ib = 0;
    for (size_t i = 0; i < in.items.size(); ++i) {
      if (in.items[i].id == a) ia = i;
      if (in.items[i].id == b) ib = i;
    }
    if (!given[ia] || !given[ib] || answers[ia] == 0 || answers[ib] == 0) continue;
    ++evaluated;
    const int diff = std::abs(KeyedScore(in, in.items[ia], answers[ia]) - KeyedScore(in, in.items[ib], answers[ib]));
    if (diff > rules.max_difference) ++differing;
  }
  if (evaluated == 0) {
    c.message = {"validity.inconsistency.unanswered", {}};
    return c;
  }
  c.checked = true;
  c.value = differing;
  c.flagged = differing >= rules.min_pairs;
  c.message = {c.flagged ? "validity.inconsistency.flagged" : "validity.inconsistency.ok",
               {{"differing", std::to_string(differing)},
                {"pairs", std::to_string(evaluated)},
                {"points", std::to_string(rules.max_difference)}}};
  return c;
}

}  // namespace

std::string FormatNumber(double value, int digits) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", digits, value);
  std::string s = buffer;
  if (s.find('.') != std::string::npos) {
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  return s;
}

int KeyedScore(const Instrument& in, const Item& item, int answer) {
  const int value = item.keyed < 0 ? in.min_value() + in.max_value() - answer : answer;
  for (const ResponseOption& o : in.response_scale) {
    if (o.value == value) return o.score;
  }
  return 0;  // not reached for a loaded instrument and a checked answer
}

std::vector<ValidityCheck> CheckValidity(const Instrument& instrument, const std::vector<int>& answers,
                                         const std::vector<bool>& given,
                                         const std::vector<double>& seconds) {
  return {StraightLining(instrument, answers, given), TooFast(instrument, answers, given, seconds),
          Inconsistency(instrument, answers, given)};
}

}  // namespace careerbot::knowledge
