#include "bot/client_record_set.h"

#include "storage/store.h"

namespace careerbot::bot {

Status LoadClientRecords(storage::Store& store, int64_t id, ClientRecordSet* out) {
  Status s = store.ListProfile(id, &out->profile);
  if (s.ok()) s = store.ListConsents(id, &out->consents);
  if (s.ok()) s = store.ListNeedsSurveys(id, &out->surveys);
  if (s.ok()) s = store.ListPlans(id, &out->plans);
  if (s.ok()) s = store.ListAnswers(id, &out->answers);
  if (s.ok()) s = store.ListResults(id, &out->results);
  if (s.ok()) s = store.ListFeedback(id, &out->feedback);
  if (s.ok()) s = store.ListComplaints(id, &out->complaints);
  if (s.ok()) s = store.ListHandoffs(id, &out->handoffs);
  if (s.ok()) s = store.ListJournal(id, &out->journal);
  if (s.ok()) s = store.ListReports(id, &out->reports);
  if (s.ok()) s = store.ListCaseNotes(id, &out->notes);
  return s;
}

}  // namespace careerbot::bot
