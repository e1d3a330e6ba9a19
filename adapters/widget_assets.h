// The website chat widget's static files (adapters/widget/: the script, its style
// sheet and the demo page), embedded into the binary at build time by
// widget_embed.cmake, so the server serves them wherever it runs, whatever its
// working directory. Immutable; safe to read from any thread.
#pragma once

#include <cstddef>
#include <string_view>

namespace careerbot::adapters {

struct WidgetAsset {
  std::string_view name;          // "careerbot.js"
  std::string_view content_type;  // "text/javascript; charset=utf-8"
  std::string_view body;
  std::string_view etag;          // a quoted strong validator from the content's SHA-256
};

// The asset called `name` (a file name under adapters/widget/, no directories), or
// nullptr when there is none.
const WidgetAsset* FindWidgetAsset(std::string_view name);

// --- Filled by the generated widget_assets_data.cpp ---------------------------

struct WidgetAssetData {
  const char* name;
  const unsigned char* bytes;
  size_t size;
  const char* sha256_hex;
};
extern const WidgetAssetData kWidgetAssetData[];
extern const size_t kWidgetAssetCount;

}  // namespace careerbot::adapters
