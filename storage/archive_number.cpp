#include "storage/archive_number.h"

#include <algorithm>
#include <ctime>

namespace careerbot::storage {

std::string ArchiveCategory(const std::string& client_kind) {
  return client_kind == "enterprise" ? "QY" : "GR";
}

int ArchiveYear(int64_t at_ms) {
  const time_t seconds = static_cast<time_t>(at_ms / 1000 + 8 * 3600);
  std::tm t{};
  gmtime_r(&seconds, &t);
  return t.tm_year + 1900;
}

namespace {

// Walks the format; calls emit(literal) and placeholder(name, width).
template <typename Literal, typename Placeholder>
Status Walk(const std::string& format, Literal literal, Placeholder placeholder) {
  size_t i = 0;
  while (i < format.size()) {
    const size_t open = format.find('{', i);
    if (format.find('}', i) < open) return Status::InvalidArgument("a '}' without '{'");
    literal(format.substr(i, open == std::string::npos ? std::string::npos : open - i));
    if (open == std::string::npos) break;
    const size_t close = format.find('}', open);
    if (close == std::string::npos) return Status::InvalidArgument("a '{' without '}'");
    const std::string name = format.substr(open + 1, close - open - 1);
    int width = 0;
    if (name == "seq") {
      width = 1;
    } else if (name.rfind("seq:", 0) == 0 && name.size() >= 5 && name.size() <= 6 &&
               std::all_of(name.begin() + 4, name.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      width = std::stoi(name.substr(4));
      if (width < 1 || width > 12) return Status::InvalidArgument("{seq:N} needs N from 1 to 12");
    } else if (name != "category" && name != "year") {
      return Status::InvalidArgument("unknown placeholder {" + name + "}");
    }
    placeholder(name.rfind("seq", 0) == 0 ? std::string("seq") : name, width);
    i = close + 1;
  }
  return Status::Ok();
}

}  // namespace

Status ValidateArchiveFormat(const std::string& format) {
  int category = 0, year = 0, seq = 0;
  Status s = Walk(
      format, [](const std::string&) {},
      [&](const std::string& name, int) { (name == "category" ? category : name == "year" ? year : seq)++; });
  if (!s.ok()) return s;
  if (category < 1 || year < 1 || seq != 1) {
    return Status::InvalidArgument("must hold {category}, {year} and one {seq} or {seq:N}");
  }
  return Status::Ok();
}

std::string FormatArchiveNumber(const std::string& format, const std::string& category, int year,
                                int64_t seq) {
  std::string out;
  Status s = Walk(
      format, [&](const std::string& text) { out += text; },
      [&](const std::string& name, int width) {
        if (name == "category") {
          out += category;
        } else if (name == "year") {
          out += std::to_string(year);
        } else {
          std::string digits = std::to_string(seq);
          if (static_cast<int>(digits.size()) < width) digits.insert(0, width - digits.size(), '0');
          out += digits;
        }
      });
  (void)s;  // the format was validated when the configuration was read
  return out;
}

std::vector<ArchiveDocument> ArchiveDocumentsOf(const std::vector<ConsentRecord>& consents,
                                                const std::vector<ServicePlanRecord>& plans,
                                                const std::vector<FeedbackRecord>& feedback,
                                                const std::vector<ComplaintRecord>& complaints) {
  std::vector<ArchiveDocument> docs;
  for (const ConsentRecord& c : consents) {
    if (c.document == "service_agreement" && c.accepted) {
      docs.push_back({"agreement", c.document + " " + c.version, c.at_ms});
    }
  }
  for (const ServicePlanRecord& p : plans) {
    docs.push_back({"plan", "version " + std::to_string(p.version), p.at_ms});
  }
  for (const FeedbackRecord& f : feedback) {
    docs.push_back({"feedback", "rating " + std::to_string(f.rating), f.at_ms});
  }
  for (const ComplaintRecord& c : complaints) docs.push_back({"complaint", c.ticket, c.filed_at_ms});
  std::stable_sort(docs.begin(), docs.end(),
                   [](const ArchiveDocument& a, const ArchiveDocument& b) { return a.filed_at_ms < b.filed_at_ms; });
  return docs;
}

}  // namespace careerbot::storage
