#include "bench/fake_wechat_api.h"

#include <httplib.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/support/serving_thread.h"

namespace careerbot::bench {

struct FakeWeChatApi::Server {
  httplib::Server http;
};

FakeWeChatApi::FakeWeChatApi() : server_(std::make_unique<Server>()) {}

FakeWeChatApi::~FakeWeChatApi() { serving_.reset(); }

Status FakeWeChatApi::Start() {
  httplib::Server& http = server_->http;
  http.set_tcp_nodelay(true);
  http.Get("/cgi-bin/token", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"access_token":"LOAD-TOKEN","expires_in":7200})", "application/json");
  });
  http.Post("/cgi-bin/message/custom/send", [this](const httplib::Request&, httplib::Response& res) {
    messages_sent_.fetch_add(1);
    res.set_content(R"({"errcode":0,"errmsg":"ok"})", "application/json");
  });
  port_ = http.bind_to_any_port("127.0.0.1");
  if (port_ <= 0) return Status::Unavailable("the fake WeChat API cannot listen on 127.0.0.1");
  serving_ = std::make_unique<testing::ServingThread>(http);
  return Status::Ok();
}

Status FakeWeChatApi::WriteConfigCopy(const std::string& in, const std::string& out) const {
  std::ifstream file(in, std::ios::binary);
  if (!file) return Status::InvalidArgument(in + ": cannot read the configuration");
  std::stringstream text;
  text << file.rdbuf();
  nlohmann::json config = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (!config.is_object()) return Status::InvalidArgument(in + ": not a JSON object");
  if (auto channels = config.find("channels"); channels != config.end() && channels->is_object()) {
    if (auto wechat = channels->find("wechat"); wechat != channels->end() && wechat->is_object()) {
      for (auto& [name, account] : wechat->items()) {
        if (name.rfind("_", 0) != 0 && account.is_object()) account["api_base"] = base_url();
      }
    }
  }
  std::ofstream copy(out, std::ios::binary | std::ios::trunc);
  copy << config.dump(2) << "\n";
  if (!copy.flush()) return Status::Unavailable(out + ": cannot write the configuration copy");
  return Status::Ok();
}

}  // namespace careerbot::bench
