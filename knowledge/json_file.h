// Reading a data file of knowledge/data/ as JSON, with errors that name the file.
// Private to the knowledge room.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "base/status.h"

namespace careerbot::knowledge {

// Reads the whole file; NotFound / InvalidArgument name `path`.
Status ReadTextFile(const std::string& path, std::string* out);

// Parses `text` as JSON; InvalidArgument "<source_name>: not valid JSON: …".
Status ParseJson(std::string_view text, const std::string& source_name, nlohmann::json* out);

// ReadTextFile + ParseJson.
Status ReadJsonFile(const std::string& path, nlohmann::json* out);

}  // namespace careerbot::knowledge
