// The admin routes served in the test's own process, over an in-memory store,
// with a fake clock and the complaint-answer hook (or the knowledge) the test chooses: for what the
// real server process cannot show (time moved on by days, the hook's values).
// The routes are exactly the server's (InstallAdminRoutes); only the context
// differs. Requests go over HTTP on a free loopback port.
#pragma once

#include <doctest/doctest.h>
#include <httplib.h>

#include <atomic>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "bot/admin_routes.h"
#include "bot/admin_token.h"
#include "bot/config.h"
#include "bot/conversation_service.h"
#include "bot/routes.h"
#include "dialog/dialog_engine.h"
#include "storage/memory_store.h"
#include "storage/store.h"
#include "tests/bot/admin_testing.h"
#include "tests/support/knowledge_fixture.h"
#include "tests/support/serving_thread.h"

namespace careerbot::testing {

// A clock the test sets; read by the routes on their threads.
struct FakeClock {
  std::atomic<int64_t> now_ms{0};
  std::function<int64_t()> Function() {
    return [this] { return now_ms.load(); };
  }
};

class InProcessAdmin {
 public:
  // `configure` may set the configuration and the context's hook before serving.
  explicit InProcessAdmin(const std::function<void(bot::Config*, bot::RouteContext*)>& configure = {}) {
    dialog::EngineOptions options;
    options.institution_name = "测试机构";
    Status s = dialog::DialogEngine::Create(ShippedKnowledge(), options, &engine_);
    REQUIRE_MESSAGE(s.ok(), s.ToString());
    conversations_ = std::make_unique<bot::ConversationService>(*store_, *engine_);
    context_ = std::make_unique<bot::RouteContext>(
        bot::RouteContext{config_, *conversations_, *store_, nullptr, {}, nullptr, clock.Function(), {}});
    if (configure) configure(&config_, context_.get());
    s = bot::InstallAdminRoutes(server_, *context_);
    REQUIRE_MESSAGE(s.ok(), s.ToString());
    // As the server does: with the knowledge to draft from, the client's report page.
    if (context_->knowledge) bot::InstallReportPageRoute(server_, *context_);
    // Bound and listening before the thread starts: a request made at once waits
    // in the socket's queue until the accept loop takes it.
    port_ = server_.bind_to_any_port("127.0.0.1");
    REQUIRE(port_ > 0);
    serving_ = std::make_unique<ServingThread>(server_);
  }

  storage::Store& store() { return *store_; }
  int port() const { return port_; }

  // A staff member with a fresh token, straight into the store.
  StaffToken AddStaff(const std::string& name, const std::string& role, const std::string& title) {
    storage::StaffRecord staff;
    staff.name = name;
    staff.role = role;
    staff.title = title;
    staff.education = "硕士";
    StaffToken t;
    REQUIRE(bot::GenerateStaffToken(&t.token).ok());
    Status s = store_->AddStaff(staff, bot::HashStaffToken(t.token), clock.now_ms.load(), &t.id);
    REQUIRE_MESSAGE(s.ok(), s.ToString());
    return t;
  }

  AdminReply Get(const std::string& path, const std::string& token) {
    return AdminRequest(port_, "GET", path, token);
  }
  AdminReply Post(const std::string& path, const std::string& token, const std::string& body) {
    return AdminRequest(port_, "POST", path, token, body);
  }

  FakeClock clock;

 private:
  bot::Config config_;
  std::unique_ptr<storage::Store> store_ = storage::NewMemoryStore();
  std::unique_ptr<dialog::DialogEngine> engine_;
  std::unique_ptr<bot::ConversationService> conversations_;
  std::unique_ptr<bot::RouteContext> context_;
  httplib::Server server_;
  int port_ = 0;
  std::unique_ptr<ServingThread> serving_;  // last: stopped before the routes' context goes
};

}  // namespace careerbot::testing
