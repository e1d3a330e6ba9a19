// Everything the store keeps about one client, read in one place for the views that
// show it all (the case detail of the admin API, "my data" in the chat, the
// transcripts' record counts).
#pragma once

#include <cstdint>
#include <vector>

#include "base/status.h"
#include "storage/records.h"
#include "storage/report_records.h"

namespace careerbot::storage {
class Store;
}

namespace careerbot::bot {

struct ClientRecordSet {
  std::vector<storage::ProfileFieldRecord> profile;
  std::vector<storage::ConsentRecord> consents;
  std::vector<storage::NeedsSurveyRecord> surveys;
  std::vector<storage::ServicePlanRecord> plans;
  std::vector<storage::AnswerRecord> answers;
  std::vector<storage::AssessmentResultRecord> results;
  std::vector<storage::FeedbackRecord> feedback;
  std::vector<storage::ComplaintRecord> complaints;
  std::vector<storage::HandoffRecord> handoffs;
  std::vector<storage::JournalEntry> journal;
  std::vector<storage::ReportRecord> reports;  // finalized versions, then the draft; no sections
  std::vector<storage::CaseNote> notes;
};

// The first store error stops reading; *out is then partly filled.
Status LoadClientRecords(storage::Store& store, int64_t client_id, ClientRecordSet* out);

}  // namespace careerbot::bot
