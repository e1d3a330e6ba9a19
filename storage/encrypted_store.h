// Encryption at rest (S-3.5.3) as a Store decorator: every personal field is
// sealed (field_cipher.h) on its way into the wrapped store and opened on its
// way out, so the SQL code never sees a plaintext and needs to know nothing.
//
// What is sealed, and under which field name (the associated data, so a value
// moved to another column does not open), is the list kEncryptedFields below;
// docs/data-model.md says why the rest (ids, lookup keys such as channel user
// ids, tickets and archive numbers, numbers, statuses, times) stays plain: the
// stores look rows up, order and check them by those values.
//
// Empty strings stay empty (the stores' rules about empty values still apply),
// and a stored value without the sealed prefix is returned as it is: rows written
// before encryption came (OpenEncryptedSqliteStore seals those at its first
// start) and the fixed erased-answer marker (records.h). A sealed value that
// does not open is Internal, naming the field and the key id, never garbage.
//
// Thread-safety: as the wrapped store; the keyring is shared.
#pragma once

#include <memory>
#include <string_view>

#include "storage/keyring.h"
#include "storage/store.h"

namespace careerbot::storage {

// A personal column: the table, the column, the associated data its values are
// sealed with ("table.column"), and how a row is found again to rewrite it: by
// its rowid, or, in a WITHOUT ROWID table, by an integer and a text key column.
struct EncryptedField {
  const char* table;
  const char* column;
  const char* name;
  const char* row_key = "rowid";        // an INTEGER that names the row (with text_key)
  const char* text_key = nullptr;       // the TEXT part of the primary key, if any
};

// Every personal column the decorator seals. The SQLite helpers that re-encrypt
// and check a whole file (sqlite_encryption.h) walk this same list.
inline constexpr EncryptedField kEncryptedFields[] = {
    {"messages", "text", "messages.text"},
    {"messages", "answer_json", "messages.answer_json"},
    {"sessions", "context", "sessions.context"},
    {"sessions", "reply_context", "sessions.reply_context"},
    {"client_profile", "value", "client_profile.value", "client_id", "field"},
    {"assessment_results", "result_json", "assessment_results.result_json"},
    {"feedback", "comment", "feedback.comment"},
    {"complaints", "description", "complaints.description"},
    {"complaints", "contact", "complaints.contact"},
    {"service_plans", "rationale", "service_plans.rationale"},
    {"needs_surveys", "survey", "needs_surveys.survey"},
    {"outbox", "request", "outbox.request"},
    {"complaint_changes", "note", "complaint_changes.note"},
    {"complaint_answers", "text", "complaint_answers.text"},
    {"report_sections", "markdown", "report_sections.markdown", "report_id", "section"},
    {"case_notes", "text", "case_notes.text"},
};

// Wraps `inner`; keys come from `keyring` (its current key seals).
std::unique_ptr<Store> NewEncryptedStore(std::unique_ptr<Store> inner, std::shared_ptr<Keyring> keyring);

// One value, as the decorator seals and opens it (for the SQLite helpers).
// Empty input and, for OpenValue, unsealed input are returned unchanged.
Status SealValue(Keyring& keyring, std::string_view field, std::string* value);
Status OpenValue(Keyring& keyring, std::string_view field, std::string* value);

}  // namespace careerbot::storage
