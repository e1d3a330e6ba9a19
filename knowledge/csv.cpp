#include "knowledge/csv.h"

#include <set>

namespace careerbot::knowledge {

int CsvTable::Column(std::string_view name) const {
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return static_cast<int>(i);
  }
  return -1;
}

Status ParseCsv(std::string_view text, const std::string& source_name, CsvTable* out) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<std::vector<std::string>> records;
  std::vector<int> starts;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false, field_started = false;
  int line = 1, record_line = 1;
  auto end_record = [&] {
    record.push_back(std::move(field));
    field.clear();
    const bool blank = record.size() == 1 && record[0].empty() && !field_started;
    if (!blank) {
      records.push_back(std::move(record));
      starts.push_back(record_line);
    }
    record.clear();
    field_started = false;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == '"' && field.empty()) {
      quoted = true;
      field_started = true;
    } else if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
      field_started = true;
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      continue;
    } else if (c == '\n') {
      end_record();
      record_line = ++line;
    } else {
      field += c;
      field_started = true;
    }
  }
  if (quoted) return Status::InvalidArgument(source_name + ": line " + std::to_string(record_line) + ": unterminated quote");
  if (field_started || !field.empty() || !record.empty()) end_record();
  if (records.empty()) return Status::InvalidArgument(source_name + ": the file is empty (a header row is needed)");
  CsvTable table;
  table.header = std::move(records[0]);
  std::set<std::string> names;
  for (std::string& name : table.header) {
    while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.pop_back();
    while (!name.empty() && (name.front() == ' ' || name.front() == '\t')) name.erase(0, 1);
    if (name.empty()) return Status::InvalidArgument(source_name + ": line " + std::to_string(starts[0]) + ": a header cell is empty");
    if (!names.insert(name).second) {
      return Status::InvalidArgument(source_name + ": line " + std::to_string(starts[0]) + ": column \"" + name + "\" appears twice");
    }
  }
  for (size_t r = 1; r < records.size(); ++r) {
    if (records[r].size() != table.header.size()) {
      return Status::InvalidArgument(source_name + ": line " + std::to_string(starts[r]) + ": " +
                                     std::to_string(records[r].size()) + " cells, but the header has " +
                                     std::to_string(table.header.size()));
    }
    table.rows.push_back(std::move(records[r]));
    table.lines.push_back(starts[r]);
  }
  *out = std::move(table);
  return Status::Ok();
}

}  // namespace careerbot::knowledge
