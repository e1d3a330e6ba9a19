#include "knowledge/json_file.h"

#include <fstream>
#include <sstream>

namespace careerbot::knowledge {

Status ReadTextFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot open the file");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return Status::InvalidArgument(path + ": read error");
  *out = buffer.str();
  return Status::Ok();
}

Status ParseJson(std::string_view text, const std::string& source_name, nlohmann::json* out) {
  try {
    *out = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    return Status::InvalidArgument(source_name + ": not valid JSON: " + e.what());
  }
  return Status::Ok();
}

Status ReadJsonFile(const std::string& path, nlohmann::json* out) {
  std::string text;
  if (Status s = ReadTextFile(path, &text); !s.ok()) return s;
  return ParseJson(text, path, out);
}

}  // namespace careerbot::knowledge
