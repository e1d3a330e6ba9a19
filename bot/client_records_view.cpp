#include "bot/client_records_view.h"

#include "bot/client_record_set.h"
#include "bot/log.h"
#include "storage/store.h"

namespace careerbot::bot {
namespace {

bool Logged(const Status& s) {
  if (!s.ok()) LogError("records_read_failed", {{"error", s.ToString()}});
  return s.ok();
}

}  // namespace

std::optional<int64_t> ClientRecordsView::ClientId() const {
  std::optional<int64_t> id;
  if (!Logged(store_.FindClientId(key_, &id))) return std::nullopt;
  return id;
}

std::vector<dialog::ComplaintInfo> ClientRecordsView::Complaints() const {
  std::vector<dialog::ComplaintInfo> out;
  auto id = ClientId();
  std::vector<storage::ComplaintRecord> complaints;
  if (!id || !Logged(store_.ListComplaints(*id, &complaints))) return out;
  for (const auto& c : complaints) out.push_back({c.ticket, c.status, c.filed_at_ms});
  return out;
}

dialog::ClientDataSummary ClientRecordsView::Summary() const {
  dialog::ClientDataSummary summary;
  auto id = ClientId();
  if (!id) return summary;
  ClientRecordSet records;
  if (!Logged(LoadClientRecords(store_, *id, &records))) return summary;
  for (const auto& p : records.profile) summary.profile.emplace_back(p.field, p.value);
  for (const auto& c : records.consents) summary.consents.push_back({c.document, c.version, c.accepted, c.at_ms});
  summary.answers = static_cast<int>(records.answers.size());
  summary.results = static_cast<int>(records.results.size());
  summary.plans = static_cast<int>(records.plans.size());
  summary.feedback = static_cast<int>(records.feedback.size());
  summary.complaints = static_cast<int>(records.complaints.size());
  for (const auto& entry : records.journal) summary.messages += entry.text.has_value();
  return summary;
}

std::optional<dialog::ExportLinkInfo> ClientRecordsView::IssueExportLink() const {
  std::optional<int64_t> id;
  failure_ = store_.FindClientId(key_, &id);
  if (failure_.ok() && !id) failure_ = Status::FailedPrecondition("export link: the client is not stored yet");
  IssuedExportLink link;
  if (failure_.ok()) failure_ = bot::IssueExportLink(store_, links_, *id, now_ms_, &link);
  if (!failure_.ok()) {
    LogError("export_link_not_issued", {{"error", failure_.ToString()}});
    return std::nullopt;
  }
  return dialog::ExportLinkInfo{std::move(link.url), links_.ttl_hours};
}

}  // namespace careerbot::bot
