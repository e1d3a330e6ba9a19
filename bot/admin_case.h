// A client's service as a case (specification, clause 5): its status derived from
// the stored records, and the JSON the admin API shows for it. Private to bot/.
//
// The status is the furthest step of clause 5 the records show, in this order:
//   needs_survey      first contact, the needs survey under way or done
//   agreement_signed  the latest service_agreement consent is an acceptance
//   plan_proposed     a plan version exists, the latest one only proposed
//   plan_approved     the latest plan version is confirmed
//   in_progress       an assessment of the plan has been answered
//   report_drafted    a report draft exists (and no finalized version yet)
//   report_final      a finalized report version exists
//   closed            the conversation reached its end ("closed")
// Nothing is stored as "the status", so it can never disagree with the records.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/status.h"
#include "storage/records.h"
#include "storage/staff_records.h"

namespace careerbot::storage {
class Store;
}

namespace careerbot::bot {

enum class CaseStatus {
  kNeedsSurvey,
  kAgreementSigned,
  kPlanProposed,
  kPlanApproved,
  kInProgress,
  kReportDrafted,
  kReportFinal,
  kClosed,
};

const char* CaseStatusName(CaseStatus status);
// False for a name that is none of the above.
bool ParseCaseStatus(const std::string& name, CaseStatus* status);

// What the status is derived from.
struct CaseFacts {
  bool closed = false;  // a counsellor closed the case (S-5.6)
  std::string session_state;
  std::vector<storage::ConsentRecord> consents;
  std::vector<storage::ServicePlanRecord> plans;  // by version
  bool has_answers = false;
  bool has_results = false;
  bool report_drafted = false;  // a draft exists
  bool report_final = false;    // a finalized version exists
};

CaseStatus DeriveCaseStatus(const CaseFacts& facts);

// Reads the facts of one client from the store.
Status LoadCaseStatus(storage::Store& store, const storage::ClientSummary& client,
                      CaseStatus* status);

// {"client_id", "channel", "status", "state", "created_at_ms", "updated_at_ms"}.
nlohmann::json CaseSummaryJson(const storage::ClientSummary& client, CaseStatus status);
// The summary plus every record of the case (docs/admin-api.yaml, Case).
Status CaseDetailJson(storage::Store& store, const storage::ClientSummary& client,
                      nlohmann::json* out);

}  // namespace careerbot::bot
