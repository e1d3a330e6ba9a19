#include "adapters/widget_assets.h"

#include <string>
#include <vector>

namespace careerbot::adapters {
namespace {

std::string_view ContentTypeOf(std::string_view name) {
  auto ends_with = [&](std::string_view suffix) {
    return name.size() >= suffix.size() && name.substr(name.size() - suffix.size()) == suffix;
  };
  if (ends_with(".js")) return "text/javascript; charset=utf-8";
  if (ends_with(".css")) return "text/css; charset=utf-8";
  if (ends_with(".html")) return "text/html; charset=utf-8";
  if (ends_with(".svg")) return "image/svg+xml";
  if (ends_with(".json")) return "application/json";
  return "application/octet-stream";
}

struct Table {
  std::vector<std::string> etags;  // owns the strings the assets' etag views point into
  std::vector<WidgetAsset> assets;

  Table() {
    etags.reserve(kWidgetAssetCount);
    for (size_t i = 0; i < kWidgetAssetCount; ++i) {
      const WidgetAssetData& d = kWidgetAssetData[i];
      // 16 bytes of the digest are plenty to tell versions apart.
      etags.push_back("\"" + std::string(d.sha256_hex).substr(0, 32) + "\"");
    }
    for (size_t i = 0; i < kWidgetAssetCount; ++i) {
      const WidgetAssetData& d = kWidgetAssetData[i];
      assets.push_back({d.name, ContentTypeOf(d.name),
                        std::string_view(reinterpret_cast<const char*>(d.bytes), d.size), etags[i]});
    }
  }
};

}  // namespace

const WidgetAsset* FindWidgetAsset(std::string_view name) {
  static const Table table;
  for (const WidgetAsset& asset : table.assets) {
    if (asset.name == name) return &asset;
  }
  return nullptr;
}

}  // namespace careerbot::adapters
