// Archive numbers and filed documents (S-3.5.2): the rules both stores apply,
// as pure functions, so that a number and a document list come out the same
// from every implementation.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "storage/records.h"

namespace careerbot::storage {

// The category code of a client kind: "individual" → "GR" (个人), "enterprise" →
// "QY" (企业); any other kind is filed as individual.
std::string ArchiveCategory(const std::string& client_kind);

// The year of at_ms in China Standard Time (UTC+8, no daylight saving), so a
// case opened on 1 January just after midnight in Beijing counts to the new year.
int ArchiveYear(int64_t at_ms);

// OK when `format` holds {category}, {year} and one {seq} or {seq:N} (N from 1 to
// 12: at least N digits, zero-padded), and nothing else in braces. Without all
// three, two archives could get one number.
Status ValidateArchiveFormat(const std::string& format);
// The number for a valid format: "{category}-{year}-{seq:6}" → "GR-2026-000001".
std::string FormatArchiveNumber(const std::string& format, const std::string& category, int year,
                                int64_t seq);

// The documents these records file, in time order (records of one time in the
// order agreement, plan, feedback, complaint). Only an accepted service agreement
// is a document; other consents are not.
std::vector<ArchiveDocument> ArchiveDocumentsOf(const std::vector<ConsentRecord>& consents,
                                                const std::vector<ServicePlanRecord>& plans,
                                                const std::vector<FeedbackRecord>& feedback,
                                                const std::vector<ComplaintRecord>& complaints);

}  // namespace careerbot::storage
