// Reading CSV (RFC 4180: comma-separated, "quoted" fields with "" for a quote, LF
// or CRLF line ends, an optional UTF-8 byte-order mark). Private to the knowledge
// room: answer sheets, response data for norms, and the occupation tables.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace careerbot::knowledge {

struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // each exactly header.size() cells
  std::vector<int> lines;                      // the line number each row starts on
  int Column(std::string_view name) const;     // -1 when absent
};

// Blank lines are skipped. InvalidArgument "<source>: line L: …" for an
// unterminated quote, a row with another number of cells than the header, an empty
// or repeated header name, or a file without a header.
Status ParseCsv(std::string_view text, const std::string& source_name, CsvTable* out);

}  // namespace careerbot::knowledge
