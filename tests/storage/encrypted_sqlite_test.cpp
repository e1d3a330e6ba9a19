// Encryption at rest over the SQLite file: the raw file shows no personal value,
// the file remembers its key (a wrong or missing one is refused at open), rows of
// an older build are sealed at the first encrypted open, and ReencryptAll moves
// every value to a new key.
#include <doctest/doctest.h>

#include <sqlite3.h>

#include <memory>

#include "storage/encrypted_store.h"
#include "storage/field_cipher.h"
#include "storage/keyring.h"
#include "storage/sqlite_encryption.h"
#include "storage/sqlite_store.h"
#include "tests/storage/store_contract.h"
#include "tests/support/database_probe.h"
#include "tests/support/temp_dir.h"

namespace careerbot::storage {
namespace {

std::shared_ptr<Keyring> Ring(const std::vector<DataKey>& keys) {
  std::shared_ptr<Keyring> keyring;
  REQUIRE(Keyring::FromText(FormatDataKeys(keys), "the test keys", &keyring).ok());
  return keyring;
}

DataKey Key(const std::string& id, char fill) { return {id, std::string(32, fill)}; }

TurnWrite PersonalTurn(const std::string& id) {
  TurnWrite t = contract::Turn(contract::Key("u-" + id), id, 1000);
  t.inbound_text = "我叫欧阳修远";
  t.profile_fields = {{"name", "欧阳修远"}};
  t.feedback = {{5, "yes", std::string("顾问很耐心"), 1000}};
  ComplaintRecord c;
  c.ticket = "C-0000000" + id.substr(id.size() - 1);
  c.category = "service";
  c.description = "等待时间太长";
  c.contact = "13800138000";
  c.filed_at_ms = c.updated_at_ms = 1000;
  t.complaints = {c};
  t.needs_surveys = {{R"({"target_city":"喀什"})", 1000}};
  return t;
}

TEST_CASE("encrypted sqlite: the file shows no personal value; the store reads them all") {
  testing::TempDir dir;
  const std::string db = dir.File("careerbot.db");
  std::unique_ptr<Store> store;
  REQUIRE(OpenEncryptedSqliteStore({db, 5000}, Ring({Key("k1", 'a')}), &store).ok());
  const int64_t id = contract::MustCommit(*store, PersonalTurn("m1"));
  for (const char* personal : {"欧阳修远", "顾问很耐心", "等待时间太长", "13800138000", "喀什", "out:m1"}) {
    CHECK_MESSAGE(!testing::FilesContain(db, personal), personal);
  }
  CHECK(contract::Profile(*store, id) == "name=欧阳修远");
  CHECK(contract::Feedback(*store, id) == "5 goals='yes' comment='顾问很耐心' @1000");
  CHECK(contract::Journal(*store, id) == "in m1 '我叫欧阳修远' @1000 | out m1 'out:m1' @1000");
  std::optional<std::string> answer;
  REQUIRE(store->FindAnswer(contract::Key("u-m1"), "m1", &answer).ok());
  CHECK(answer == std::optional<std::string>(R"({"replies":[{"text":"out:m1"}]})"));
  CHECK(testing::QueryText(db, "SELECT substr(value, 1, 8) FROM client_profile") == "enc1:k1:");
  std::optional<std::string> key_id;
  REQUIRE(FindDatabaseKeyId(db, &key_id).ok());
  CHECK(key_id == std::optional<std::string>("k1"));
}

TEST_CASE("encrypted sqlite: a wrong or missing key is refused at open, before anything is read") {
  testing::TempDir dir;
  const std::string db = dir.File("careerbot.db");
  {
    std::unique_ptr<Store> store;
    REQUIRE(OpenEncryptedSqliteStore({db, 5000}, Ring({Key("k1", 'a')}), &store).ok());
    contract::MustCommit(*store, PersonalTurn("m1"));
  }
  std::unique_ptr<Store> store;
  Status wrong = OpenEncryptedSqliteStore({db, 5000}, Ring({Key("k1", 'b')}), &store);
  CHECK(wrong.code() == Status::Code::kFailedPrecondition);
  CHECK(wrong.message() ==
        "the data key 'k1' of the test keys does not decrypt this database: it is not the key the "
        "database was encrypted with");
  Status missing = OpenEncryptedSqliteStore({db, 5000}, Ring({Key("k9", 'a')}), &store);
  CHECK(missing.message() == "the database is encrypted with the data key 'k1', which is not in the test keys");
  CHECK(store == nullptr);
  // A value read with the right id but another key (a changed file) is an error, not garbage.
  REQUIRE(OpenEncryptedSqliteStore({db, 5000}, Ring({Key("k1", 'a')}), &store).ok());
  std::string value = testing::QueryText(db, "SELECT value FROM client_profile");
  CHECK(OpenValue(*Ring({Key("k1", 'b')}), "client_profile.value", &value).message() ==
        "client_profile.value: a stored value does not decrypt under the data key 'k1' (a wrong key, or the "
        "value was changed)");
}

TEST_CASE("encrypted sqlite: rows of a build without encryption are sealed at the first encrypted open") {
  testing::TempDir dir;
  const std::string db = dir.File("careerbot.db");
  {
    std::unique_ptr<Store> plain;
    REQUIRE(OpenSqliteStore({db, 5000}, &plain).ok());
    contract::MustCommit(*plain, PersonalTurn("m1"));
  }
  CHECK(testing::QueryText(db, "SELECT value FROM client_profile") == "欧阳修远");
  std::unique_ptr<Store> store;
  REQUIRE(OpenEncryptedSqliteStore({db, 5000}, Ring({Key("k1", 'a')}), &store).ok());
  CHECK(testing::QueryText(db, "SELECT substr(value, 1, 8) FROM client_profile") == "enc1:k1:");
  CHECK(contract::Profile(*store, 1) == "name=欧阳修远");
  CHECK(contract::Complaints(*store, 1) ==
        "C-00000001 service '等待时间太长' contact='13800138000' received @1000/1000");
  EncryptionReport report;
  REQUIRE(VerifyEncryption(db, *Ring({Key("k1", 'a')}), &report).ok());
  CHECK(report.plaintext == 0);
  CHECK(report.key_id == std::optional<std::string>("k1"));
}

TEST_CASE("encrypted sqlite: ReencryptAll leaves no value under the old key") {
  testing::TempDir dir;
  const std::string db = dir.File("careerbot.db");
  std::unique_ptr<Store> store;
  REQUIRE(OpenEncryptedSqliteStore({db, 5000}, Ring({Key("k1", 'a')}), &store).ok());
  for (int i = 1; i <= 5; ++i) contract::MustCommit(*store, PersonalTurn("m" + std::to_string(i)));
  auto both = Ring({Key("k2", 'b'), Key("k1", 'a')});
  ReencryptReport report;
  REQUIRE(ReencryptAll(db, *both, Key("k2", 'b'), 3, &report).ok());
  // Per turn: 2 journal texts, the answer, the context, profile, feedback,
  // description, contact, survey = 9; the first open sealed nothing.
  CHECK(report.values == 45);
  CHECK_FALSE(testing::FilesContain(db, "enc1:k1:"));
  std::unique_ptr<Store> rotated;
  REQUIRE(OpenEncryptedSqliteStore({db, 5000}, Ring({Key("k2", 'b')}), &rotated).ok());
  CHECK(contract::Profile(*rotated, 5) == "name=欧阳修远");
  EncryptionReport verified;
  REQUIRE(VerifyEncryption(db, *Ring({Key("k2", 'b')}), &verified).ok());
  CHECK(verified.encrypted == std::map<std::string, int64_t>{{"k2", 45}});
  CHECK(VerifyEncryption(db, *Ring({Key("k1", 'a')}), &verified).message() ==
        "the database is encrypted with the data key 'k2', which is not in the test keys");
}

TEST_CASE("encrypted sqlite: a changed value fails the check of the whole file and its read, naming the column") {
  testing::TempDir dir;
  const std::string db = dir.File("careerbot.db");
  auto keys = Ring({Key("k1", 'a')});
  std::unique_ptr<Store> store;
  REQUIRE(OpenEncryptedSqliteStore({db, 5000}, keys, &store).ok());
  const int64_t id = contract::MustCommit(*store, PersonalTurn("m1"));
  {
    // Another value of the same column, moved to this row: sealed with the right
    // key and field, but the bytes of another value, so it opens as that one;
    // one changed character of the tag does not open at all.
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
    REQUIRE(sqlite3_exec(raw,
                         "UPDATE feedback SET comment = substr(comment, 1, length(comment) - 2) || "
                         "CASE substr(comment, -2, 1) WHEN 'A' THEN 'B' ELSE 'A' END || '='",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(raw);
  }
  EncryptionReport report;
  const Status verified = VerifyEncryption(db, *keys, &report);
  CHECK(verified.code() == Status::Code::kFailedPrecondition);
  CHECK(verified.message() ==
        "1 value(s) of feedback.comment do not decrypt (first: feedback.comment: a stored value does not decrypt "
        "under the data key 'k1' (a wrong key, or the value was changed))");
  std::vector<FeedbackRecord> feedback;
  CHECK(store->ListFeedback(id, &feedback).code() == Status::Code::kInternal);
  CHECK(feedback.empty());
  CHECK(contract::Profile(*store, id) == "name=欧阳修远");  // the rest reads as before
}

}  // namespace
}  // namespace careerbot::storage
