#include "bot/retention.h"

#include <chrono>
#include <string>
#include <vector>

#include "bot/conversation_service.h"
#include "bot/log.h"
#include "storage/store.h"

namespace careerbot::bot {
namespace {

constexpr size_t kPage = 200;
constexpr int64_t kDayMs = 24LL * 3600 * 1000;

// States in which nothing of the client is kept (they have not agreed to the
// privacy notice, or were erased already): nothing to purge.
bool KeepsNothing(const std::string& state) { return state.rfind("consent.", 0) == 0; }

}  // namespace

Status PurgeUnfinished(ConversationService& conversations, storage::Store& store, int64_t now_ms, int days,
                       RetentionReport* report) {
  *report = RetentionReport();
  if (days <= 0) return Status::Ok();
  const int64_t cutoff = now_ms - days * kDayMs;
  for (int64_t after = 0;;) {
    std::vector<storage::ClientSummary> page;
    if (Status s = store.ListClients({after, kPage}, &page); !s.ok()) return s;
    for (const storage::ClientSummary& c : page) {
      ++report->examined;
      if (c.session_state.empty() || KeepsNothing(c.session_state) || c.updated_at_ms >= cutoff) continue;
      std::optional<storage::ArchiveRecord> archive;
      if (Status s = store.FindArchive(c.client_id, &archive); !s.ok()) return s;
      if (archive) continue;  // a case: the agreement was accepted
      ConversationService::StaffTurn turn;
      turn.client_id = c.client_id;
      turn.action = dialog::PersonalDataErased{"retention.purged", {{"days", std::to_string(days)}}};
      turn.journal_text = "[system] retention.purged";
      turn.at_ms = now_ms;
      // The client may have written since the page was read: look again under their lock.
      turn.prepare = [&store, &c, cutoff](ConversationService::StaffTurn*) {
        std::optional<storage::ClientKey> key;
        std::optional<storage::StoredSession> session;
        Status s = store.FindClientKey(c.client_id, &key);
        if (s.ok() && key) s = store.LoadSession(*key, &session);
        if (!s.ok()) return s;
        if (!session || session->updated_at_ms >= cutoff) return Status::FailedPrecondition("active again");
        return Status::Ok();
      };
      ConversationService::StaffOutcome outcome;
      Status s = conversations.RunStaffTurn(std::move(turn), nullptr, &outcome);
      if (s.code() == Status::Code::kFailedPrecondition) continue;
      if (!s.ok()) return s;
      ++report->purged;
    }
    if (page.size() < kPage) return Status::Ok();
    after = page.back().client_id;
  }
}

RetentionSweeper::RetentionSweeper(ConversationService& conversations, storage::Store& store, int days,
                                   std::function<int64_t()> now_ms)
    : conversations_(conversations), store_(store), days_(days), now_ms_(std::move(now_ms)) {}

RetentionSweeper::~RetentionSweeper() { Stop(); }

void RetentionSweeper::Start() { thread_ = std::thread([this] { Run(); }); }

void RetentionSweeper::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void RetentionSweeper::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_) {
    lock.unlock();
    RetentionReport report;
    Status s = PurgeUnfinished(conversations_, store_, now_ms_(), days_, &report);
    if (!s.ok()) {
      LogError("retention_sweep_failed", {{"error", s.ToString()}});
    } else if (report.purged > 0) {
      LogInfo("retention_sweep", {{"purged", std::to_string(report.purged)}});
    }
    lock.lock();
    cv_.wait_for(lock, std::chrono::hours(1), [this] { return stop_; });
  }
}

}  // namespace careerbot::bot
