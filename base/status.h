// Status: the result of every fallible call in careerbot, after LevelDB's.
//
// A Status is either OK or carries a code and a message meant for the person who
// has to act on it (an operator reading a log, a developer calling an API). The
// message never contains secrets or a client's personal data.
#pragma once

#include <string>
#include <utility>

namespace careerbot {

class Status {
 public:
  enum class Code {
    kOk,
    kInvalidArgument,   // bad input: malformed JSON, out-of-range value, bad file
    kUnauthenticated,   // missing or wrong signature / token
    kPermissionDenied,  // authenticated, but not allowed
    kNotFound,
    kAlreadyExists,
    kFailedPrecondition,  // the request is well-formed but does not fit the current state
    kTooLarge,           // a request or field over its configured limit
    kResourceExhausted,  // rate limited
    kUnavailable,        // the store or another dependency cannot answer now
    kInternal,
  };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string m) { return Status(Code::kInvalidArgument, std::move(m)); }
  static Status Unauthenticated(std::string m) { return Status(Code::kUnauthenticated, std::move(m)); }
  static Status PermissionDenied(std::string m) { return Status(Code::kPermissionDenied, std::move(m)); }
  static Status NotFound(std::string m) { return Status(Code::kNotFound, std::move(m)); }
  static Status AlreadyExists(std::string m) { return Status(Code::kAlreadyExists, std::move(m)); }
  static Status TooLarge(std::string m) { return Status(Code::kTooLarge, std::move(m)); }
  static Status FailedPrecondition(std::string m) { return Status(Code::kFailedPrecondition, std::move(m)); }
  static Status ResourceExhausted(std::string m) { return Status(Code::kResourceExhausted, std::move(m)); }
  static Status Unavailable(std::string m) { return Status(Code::kUnavailable, std::move(m)); }
  static Status Internal(std::string m) { return Status(Code::kInternal, std::move(m)); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  std::string ToString() const;

  // Prefixes the message with where it happened ("knowledge/data/texts.json: ").
  Status Annotate(const std::string& where) const {
    return ok() ? *this : Status(code_, where + ": " + message_);
  }

 private:
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

// The code's name in snake case ("invalid_argument"), used in error JSON and logs.
const char* CodeName(Status::Code code);

inline std::string Status::ToString() const {
  return ok() ? std::string("OK") : std::string(CodeName(code_)) + ": " + message_;
}

inline const char* CodeName(Status::Code code) {
  switch (code) {
    case Status::Code::kOk: return "ok";
    case Status::Code::kInvalidArgument: return "invalid_argument";
    case Status::Code::kUnauthenticated: return "unauthenticated";
    case Status::Code::kPermissionDenied: return "permission_denied";
    case Status::Code::kNotFound: return "not_found";
    case Status::Code::kAlreadyExists: return "already_exists";
    case Status::Code::kFailedPrecondition: return "conflict";
    case Status::Code::kTooLarge: return "too_large";
    case Status::Code::kResourceExhausted: return "rate_limited";
    case Status::Code::kUnavailable: return "unavailable";
    case Status::Code::kInternal: return "internal";
  }
  return "unknown";
}

}  // namespace careerbot
