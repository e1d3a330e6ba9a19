#include "knowledge/answer_sheet.h"

#include <cmath>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "knowledge/csv.h"
#include "knowledge/json_file.h"

namespace careerbot::knowledge {
namespace {

using nlohmann::json;

struct Target {
  const Instrument& in;
  std::vector<size_t> order;  // item indexes of the form, in order
  std::string source;

  Status Index(const std::string& id, size_t* out) const {
    for (size_t i = 0; i < in.items.size(); ++i) {
      if (in.items[i].id == id) {
        *out = i;
        return Status::Ok();
      }
    }
    return Status::InvalidArgument(source + ": item \"" + id + "\" is not an item of " + in.id);
  }
};

Status IntCell(const Target& t, const std::string& item, const std::string& cell, int* out) {
  std::string s = cell;
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.erase(0, 1);
  if (s.empty()) {
    *out = 0;
    return Status::Ok();
  }
  bool digits = s.size() <= 6;
  for (size_t k = (s[0] == '-' ? 1 : 0); k < s.size(); ++k) digits = digits && s[k] >= '0' && s[k] <= '9';
  if (!digits || s == "-") {
    return Status::InvalidArgument(t.source + ": item " + item + ": \"" + cell + "\" is not a whole number");
  }
  *out = std::stoi(s);
  return Status::Ok();
}

Status JsonAnswer(const Target& t, const std::string& item, const json& v, int* out) {
  if (v.is_null()) {
    *out = 0;
    return Status::Ok();
  }
  if (!v.is_number_integer() || std::abs(v.get<long long>()) > 1000000) {
    return Status::InvalidArgument(t.source + ": item " + item + ": " + v.dump() + " is not a whole number");
  }
  *out = static_cast<int>(v.get<long long>());
  return Status::Ok();
}

Status JsonSeconds(const Target& t, const std::string& item, const json& v, double* out) {
  if (v.is_null()) {
    *out = -1;
    return Status::Ok();
  }
  if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() < 0) {
    return Status::InvalidArgument(t.source + ": item " + item + ": seconds " + v.dump() + " must be a number >= 0");
  }
  *out = v.get<double>();
  return Status::Ok();
}

// A list in form order or an object keyed by item id; `put` stores one value.
template <typename Put>
Status EachValue(const Target& t, const json& v, const char* what, Put put) {
  if (v.is_array()) {
    if (v.size() != t.order.size()) {
      return Status::InvalidArgument(t.source + ": " + std::to_string(v.size()) + " " + what + " for the " +
                                     std::to_string(t.order.size()) + " items of the form (a list is in item order)");
    }
    for (size_t k = 0; k < v.size(); ++k) {
      if (Status s = put(t.order[k], v[k]); !s.ok()) return s;
    }
    return Status::Ok();
  }
  if (v.is_object()) {
    for (const auto& [id, value] : v.items()) {
      size_t i = 0;
      if (Status s = t.Index(id, &i); !s.ok()) return s;
      if (Status s = put(i, value); !s.ok()) return s;
    }
    return Status::Ok();
  }
  return Status::InvalidArgument(t.source + ": " + what + " must be a list or an object, got " + v.type_name());
}

Status FromJson(const Target& t, std::string_view text, AnswerSheet* sheet) {
  json doc;
  if (Status s = ParseJson(text, t.source, &doc); !s.ok()) return s;
  const json* answers = &doc;
  const json* seconds = nullptr;
  if (doc.is_object() && doc.contains("answers")) {
    for (const auto& [key, value] : doc.items()) {
      if (key != "answers" && key != "seconds") {
        return Status::InvalidArgument(t.source + ": \"" + key + "\" is not a field of an answer sheet (answers, seconds)");
      }
    }
    answers = &doc["answers"];
    if (doc.contains("seconds")) seconds = &doc["seconds"];
  }
  Status s = EachValue(t, *answers, "answers", [&](size_t i, const json& v) {
    return JsonAnswer(t, t.in.items[i].id, v, &sheet->answers[i]);
  });
  if (!s.ok() || !seconds) return s;
  sheet->seconds.assign(t.in.items.size(), -1);
  return EachValue(t, *seconds, "seconds", [&](size_t i, const json& v) {
    return JsonSeconds(t, t.in.items[i].id, v, &sheet->seconds[i]);
  });
}

Status FromCsv(const Target& t, std::string_view text, AnswerSheet* sheet) {
  CsvTable table;
  if (Status s = ParseCsv(text, t.source, &table); !s.ok()) return s;
  const bool long_form = table.Column("item") == 0 && table.Column("answer") == 1;
  if (long_form) {
    const int sec = table.Column("seconds");
    if (table.header.size() != (sec == 2 ? 3u : 2u)) {
      return Status::InvalidArgument(t.source + ": a long answer sheet has the columns item,answer[,seconds]");
    }
    if (sec == 2) sheet->seconds.assign(t.in.items.size(), -1);
    for (size_t r = 0; r < table.rows.size(); ++r) {
      size_t i = 0;
      if (Status s = t.Index(table.rows[r][0], &i); !s.ok()) return s;
      if (Status s = IntCell(t, table.rows[r][0], table.rows[r][1], &sheet->answers[i]); !s.ok()) return s;
      if (sec == 2 && !table.rows[r][2].empty()) {
        char* end = nullptr;
        const double v = std::strtod(table.rows[r][2].c_str(), &end);
        if (*end != '\0' || !(v >= 0)) {
          return Status::InvalidArgument(t.source + ": item " + table.rows[r][0] + ": seconds \"" + table.rows[r][2] +
                                         "\" must be a number >= 0");
        }
        sheet->seconds[i] = v;
      }
    }
    return Status::Ok();
  }
  if (table.rows.size() != 1) {
    return Status::InvalidArgument(t.source + ": " + std::to_string(table.rows.size()) +
                                   " answer rows; an answer sheet has one (norms build takes many)");
  }
  for (size_t c = 0; c < table.header.size(); ++c) {
    size_t i = 0;
    if (Status s = t.Index(table.header[c], &i); !s.ok()) return s;
    if (Status s = IntCell(t, table.header[c], table.rows[0][c], &sheet->answers[i]); !s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace

Status ParseAnswerSheet(const Instrument& instrument, std::string_view text, const std::string& source_name,
                        const std::string& form, AnswerSheet* out) {
  Target t{instrument, {}, source_name};
  const Form* f = form == "full" ? nullptr : instrument.FindForm(form);
  if (form != "full" && !f) return Status::InvalidArgument(instrument.id + ": no form \"" + form + "\"");
  for (size_t i = 0; i < instrument.items.size(); ++i) {
    bool in_form = !f;
    if (f) {
      for (const std::string& id : f->items) in_form = in_form || id == instrument.items[i].id;
    }
    if (in_form) t.order.push_back(i);
  }
  AnswerSheet sheet;
  sheet.answers.assign(instrument.items.size(), 0);
  const size_t first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (first == std::string_view::npos) return Status::InvalidArgument(source_name + ": the answer sheet is empty");
  const bool is_json = text[first] == '[' || text[first] == '{';
  Status s = is_json ? FromJson(t, text, &sheet) : FromCsv(t, text, &sheet);
  if (!s.ok()) return s;
  *out = std::move(sheet);
  return Status::Ok();
}

}  // namespace careerbot::knowledge
