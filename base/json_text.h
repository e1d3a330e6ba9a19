// Parsing JSON text that came from outside (a request body, an API's answer, a
// configuration file), for every room that reads some.
//
// nlohmann/json reads a NUL byte as the end of its input, so "{…}\0anything" would
// parse as "{…}" with the rest ignored unseen: a signed body could carry bytes no
// check ever looked at, and a configuration file be cut short silently. JSON never
// needs a raw NUL (inside a string it is written \u0000), so a text holding one is
// refused here. Never throws.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

namespace careerbot {

// The parsed document, or a discarded value (is_discarded()) for text that is not
// JSON or holds a NUL byte.
template <typename Json = nlohmann::json>
Json ParseJsonText(std::string_view text) {
  if (text.find('\0') != std::string_view::npos) return Json(Json::value_t::discarded);
  return Json::parse(text, nullptr, /*allow_exceptions=*/false);
}

}  // namespace careerbot
