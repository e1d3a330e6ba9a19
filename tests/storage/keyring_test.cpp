// The data keys: their text form, the key file's errors, and a key file that
// another process changes while the keyring is in use (rotate-key).
#include <doctest/doctest.h>

#include <fstream>
#include <memory>

#include "storage/field_cipher.h"
#include "storage/keyring.h"
#include "tests/support/temp_dir.h"

namespace careerbot::storage {
namespace {

const std::string kB64A = EncodeBase64(std::string(32, 'a'));
const std::string kB64B = EncodeBase64(std::string(32, 'b'));

void Write(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

TEST_CASE("keyring: entries, the first one current") {
  std::vector<DataKey> keys;
  REQUIRE(ParseDataKeys("# comment\n\nk2:" + kB64B + "\nk1:" + kB64A + "\n", "f", &keys).ok());
  REQUIRE(keys.size() == 2);
  CHECK(keys[0].id == "k2");
  CHECK(keys[0].bytes == std::string(32, 'b'));
  CHECK(keys[1].id == "k1");
  REQUIRE(ParseDataKeys("k2:" + kB64B + ",k1:" + kB64A, "CAREERBOT_DATA_KEY", &keys).ok());
  CHECK(keys.size() == 2);
  REQUIRE(ParseDataKeys(kB64A + "\n", "CAREERBOT_DATA_KEY", &keys).ok());
  CHECK(keys.at(0).id == "env");
}

TEST_CASE("keyring: a key text of a bad shape names what is wrong, never the key") {
  std::vector<DataKey> keys;
  CHECK(ParseDataKeys("k1:" + EncodeBase64("short"), "the key file /k", &keys).message() ==
        "the key file /k: entry 1: the key of 'k1' is 5 bytes, not 32");
  CHECK(ParseDataKeys("k1 " + kB64A, "the key file /k", &keys).message() ==
        "the key file /k: expected a 32-byte key in base64 (or ID:BASE64 entries)");
  CHECK(ParseDataKeys("#x\nk 1:" + kB64A, "the key file /k", &keys).message() ==
        "the key file /k: entry 2: expected ID:BASE64, an id of 1-32 of [A-Za-z0-9_-]");
  CHECK(ParseDataKeys("k1:%%%%", "the key file /k", &keys).message() ==
        "the key file /k: entry 1: the key of 'k1' is not base64");
  CHECK(ParseDataKeys("k1:" + kB64A + "\nk1:" + kB64B, "the key file /k", &keys).message() ==
        "the key file /k: entry 2: the key id 'k1' appears twice");
  CHECK(ParseDataKeys("# nothing\n", "the key file /k", &keys).message() == "the key file /k: holds no key");
}

TEST_CASE("keyring: a key file is written 0600, and read again when a value names a key it lacks") {
  testing::TempDir dir;
  const std::string path = dir.File("data.key");
  DataKey k1, k2;
  REQUIRE(NewDataKey("k1", &k1).ok());
  REQUIRE(NewDataKey("k2", &k2).ok());
  REQUIRE(WriteKeyFile(path, {k1}).ok());
  CHECK((std::filesystem::status(path).permissions() & std::filesystem::perms::all) ==
        (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
  std::shared_ptr<Keyring> keyring;
  REQUIRE(Keyring::FromFile(path, &keyring).ok());
  CHECK(keyring->Current().id == "k1");
  DataKey found;
  CHECK(keyring->Find("k2", &found).message() == "the data key 'k2' is not in the key file " + path);

  REQUIRE(WriteKeyFile(path, {k2, k1}).ok());  // what rotate-key does
  REQUIRE(keyring->Find("k2", &found).ok());
  CHECK(found.bytes == k2.bytes);
  CHECK(keyring->Current().id == "k2");
  REQUIRE(keyring->Find("k1", &found).ok());

  std::shared_ptr<Keyring> none;
  CHECK(Keyring::FromFile(dir.File("missing.key"), &none).message() ==
        "the key file " + dir.File("missing.key") + " does not exist or cannot be read");
  Write(dir.File("bad.key"), "k1:" + EncodeBase64("short") + "\n");
  CHECK(Keyring::FromFile(dir.File("bad.key"), &none).code() == Status::Code::kInvalidArgument);
}

}  // namespace
}  // namespace careerbot::storage
