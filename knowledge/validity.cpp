// Straight-lining, too-fast answering and inconsistent pairs. The thresholds are
// the instrument's (docs/instruments.md explains the shipped choices); a flag is a
// reason for the counsellor to talk the result through, never a verdict.
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
    c.message = {"本量表未定义一律作答规则。", "No straight-lining rule is defined for this instrument."};
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
    c.message = {"全部 " + std::to_string(answered) + " 个回答都相同（均为 " + std::to_string(first) +
                     "），结果可能不能反映真实情况，使用前请与咨询师一起核实。",
                 "All " + std::to_string(answered) + " answers are the same (" + std::to_string(first) +
                     "): the result may not reflect the client; talk it through before using it."};
  } else if (c.flagged) {
    c.message = {"连续 " + std::to_string(longest) + " 题给出相同回答（本量表上限 " + N(c.threshold) +
                     " 题），请核实是否认真作答。",
                 std::to_string(longest) + " identical answers in a row (this instrument's limit is " +
                     N(c.threshold) + "): check that the items were answered attentively."};
  } else {
    c.message = {"未发现一律作答（最长连续相同回答 " + std::to_string(longest) + " 题）。",
                 "No straight-lining (longest run of identical answers: " + std::to_string(longest) + ")."};
  }
  return c;
}

ValidityCheck TooFast(const Instrument& in, const std::vector<int>& answers, const std::vector<bool>& given,
                      const std::vector<double>& seconds) {
  ValidityCheck c;
  c.rule = "too_fast";
  if (!in.validity.min_median_seconds) {
    c.message = {"本量表未定义作答速度规则。", "No answering-speed rule is defined for this instrument."};
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
    c.message = {"作答时间记录不足，未检查作答速度。",
                 "Answer times were not recorded for enough items: speed not checked."};
    return c;
  }
  c.checked = true;
  std::sort(times.begin(), times.end());
  const size_t n = times.size();
  c.value = n % 2 ? times[n / 2] : (times[n / 2 - 1] + times[n / 2]) / 2.0;
  c.flagged = c.value < c.threshold;
  if (c.flagged) {
    c.message = {"每题作答时间的中位数为 " + N(c.value) + " 秒，低于 " + N(c.threshold) +
                     " 秒，可能没有仔细阅读题目。",
                 "The median time per answer is " + N(c.value) + " s, below " + N(c.threshold) +
                     " s: the items may not have been read."};
  } else {
    c.message = {"作答速度正常（每题中位数 " + N(c.value) + " 秒）。",
                 "Answering pace is normal (median " + N(c.value) + " s per item)."};
  }
  return c;
}

ValidityCheck Inconsistency(const Instrument& in, const std::vector<int>& answers,
                            const std::vector<bool>& given) {
  ValidityCheck c;
  c.rule = "inconsistency";
  const ValidityRules& rules = in.validity;
  if (rules.pairs.empty()) {
    c.message = {"本量表未定义一致性题对。", "No consistency pairs are defined for this instrument."};
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
    c.message = {"一致性题对均未作答，未检查一致性。", "No consistency pair was answered: not checked."};
    return c;
  }
  c.checked = true;
  c.value = differing;
  c.flagged = differing >= rules.min_pairs;
  const std::string k = std::to_string(differing), p = std::to_string(evaluated),
                    d = std::to_string(rules.max_difference);
  if (c.flagged) {
    c.message = {"在 " + p + " 对意思相近的题目中，有 " + k + " 对的得分相差超过 " + d +
                     " 分，作答可能前后不一致，请与来访者核实。",
                 k + " of " + p + " pairs of items that should agree differ by more than " + d +
                     " points: the answers may be inconsistent; check with the client."};
  } else {
    c.message = {"作答前后一致（" + p + " 对题目中有 " + k + " 对相差超过 " + d + " 分）。",
                 "Answers are consistent (" + k + " of " + p + " pairs differ by more than " + d + ")."};
  }
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
