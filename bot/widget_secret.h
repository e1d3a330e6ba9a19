// The key the website widget signs visitor ids with (adapters/widget_visitor.h).
#pragma once

#include <string>

#include "base/status.h"

namespace careerbot::bot {

struct Config;

// The file name under the data directory that keeps a generated key.
inline constexpr char kWidgetSecretFile[] = "widget.secret";

// widget.secret of the configuration when set; otherwise the key kept in
// DATA_DIR/widget.secret, generated (32 random bytes, hex) on first use and
// written with mode 0600. Two servers starting at once on one data directory end
// up with the same key (the file is created atomically, and the loser reads the
// winner's). A kept file that others may read is made 0600 again (and logged).
// Unavailable names the file when it cannot be read or written.
Status LoadWidgetSecret(const Config& config, std::string* key);

}  // namespace careerbot::bot
