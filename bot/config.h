// The server's configuration: a JSON file whose every key has a documented default
// (docs/configuration.md; config/careerbot.json is the annotated example), then
// the environment (CAREERBOT_LISTEN, CAREERBOT_DATA_DIR), then command-line flags.
#pragma once

#include <cstdint>
#include <string>

#include "base/status.h"

namespace careerbot::bot {

struct InstitutionConfig {
  std::string name = "careerbot";
  std::string registration_no;
  std::string contact;
};

struct HttpConfig {
  size_t max_body_bytes = 64 * 1024;
  int threads = 32;
  int read_timeout_s = 10;
  int write_timeout_s = 10;
  int keep_alive_max_count = 1000;
  int keep_alive_timeout_s = 5;
  int listen_backlog = 1024;
};

struct ApiChannelConfig {
  bool enabled = true;
  // The Standard Webhooks secret ("whsec_…"); empty: requests are not signed.
  std::string secret;
  int timestamp_tolerance_s = 300;
};

struct Config {
  std::string listen = "127.0.0.1:8080";
  std::string data_dir = "./data";
  std::string knowledge_dir;  // empty: the directory built into the binary
  InstitutionConfig institution;
  HttpConfig http;
  ApiChannelConfig api;

  // The listen address split; valid after a successful load.
  std::string host() const;
  int port() const;
};

// Reads `path` over the defaults. Unknown keys, wrong types and out-of-range
// values are InvalidArgument naming the file and the key path
// ("careerbot.json: http.max_body_bytes: must be an integer from 1024 to 67108864").
// A secret may be given as "secret", or read from "secret_env" (an environment
// variable's name) or "secret_file" (a file's path), so it need not sit in the file.
Status LoadConfigFile(const std::string& path, Config* config);
Status ParseConfigJson(const std::string& text, const std::string& source_name, Config* config);

// Applies CAREERBOT_LISTEN and CAREERBOT_DATA_DIR when set.
Status ApplyEnvironment(Config* config);

// Checks values that flags and the environment may also set (the listen address).
Status ValidateConfig(const Config& config);

}  // namespace careerbot::bot
