// Contract tests for personal links (IssuePersonalLink, FindPersonalLink and
// their erasure with the client's data), against every Store implementation.
#include <doctest/doctest.h>

#include <string>

#include "storage/store.h"
#include "tests/storage/store_contract.h"

namespace careerbot::storage {
namespace {

using namespace contract;

const std::string kHashA(64, 'a');
const std::string kHashB(64, 'b');

AuditEntry IssueAudit(int64_t client_id) {
  AuditEntry a;
  a.action = "export_link.issue";
  a.object = "export_link";
  a.client_id = client_id;
  a.remote_addr = "client";
  a.at_ms = 2000;
  return a;
}

TEST_CASE_TEMPLATE(
    "store contract: a personal link is kept with its audit entry, found by its hash, erased with "
    "the data",
    F, CONTRACT_STORES) {
  F f;
  Store& store = *f.store;
  const int64_t client = MustCommit(store, Turn(Key("u1"), "m1", 1000));
  const int64_t other = MustCommit(store, Turn(Key("u2"), "m1", 1000));
  REQUIRE(store.IssuePersonalLink({client, "export", kHashA, 2000, 3000, std::nullopt}, IssueAudit(client)).ok());
  REQUIRE(store.IssuePersonalLink({other, "export", kHashB, 2000, 5000, std::nullopt}, IssueAudit(other)).ok());

  std::optional<PersonalLinkRecord> found;
  REQUIRE(store.FindPersonalLink(kHashA, &found).ok());
  REQUIRE(found);
  CHECK(found->client_id == client);
  CHECK(found->purpose == "export");
  CHECK(found->token_hash == kHashA);
  CHECK(found->issued_at_ms == 2000);
  CHECK(found->expires_at_ms == 3000);  // the caller decides about expiry
  REQUIRE(store.FindPersonalLink(std::string(64, 'c'), &found).ok());
  CHECK(!found);

  std::vector<AuditEntry> audit;
  REQUIRE(store.ListAudit(0, 10, &audit).ok());
  REQUIRE(audit.size() == 2);
  CHECK(audit[0].action == "export_link.issue");
  CHECK(audit[0].client_id == client);
  CHECK(!audit[0].staff_id);
  CHECK(audit[0].remote_addr == "client");

  // Refused, and nothing kept (neither link nor audit entry).
  CHECK(store.IssuePersonalLink({client, "export", kHashA, 2000, 3000, std::nullopt}, IssueAudit(client)).code() ==
        Status::Code::kAlreadyExists);
  CHECK(
      store
          .IssuePersonalLink({other + 1, "export", std::string(64, 'd'), 2000, 3000, std::nullopt},
                             IssueAudit(other + 1))
          .code() == Status::Code::kNotFound);
  CHECK(store.IssuePersonalLink({client, "report", std::string(64, 'd'), 2000, 3000, std::nullopt}, IssueAudit(client)).code() ==
        Status::Code::kInvalidArgument);
  CHECK(store.IssuePersonalLink({client, "export", "ABC", 2000, 3000, std::nullopt}, IssueAudit(client)).code() ==
        Status::Code::kInvalidArgument);
  CHECK(store
            .IssuePersonalLink({client, "export", std::string(64, 'd'), 2000, 2000, std::nullopt},
                               IssueAudit(client))
            .code() == Status::Code::kInvalidArgument);
  AuditEntry no_action = IssueAudit(client);
  no_action.action.clear();
  CHECK(store.IssuePersonalLink({client, "export", std::string(64, 'd'), 2000, 3000, std::nullopt}, no_action).code() ==
        Status::Code::kInvalidArgument);
  REQUIRE(store.ListAudit(0, 10, &audit).ok());
  CHECK(audit.size() == 2);
  REQUIRE(store.FindPersonalLink(std::string(64, 'd'), &found).ok());
  CHECK(!found);

  // Erasing the client's data deletes their links, and only theirs.
  TurnWrite erase = Turn(Key("u1"), "m2", 4000);
  erase.erase_personal_data = true;
  MustCommit(store, erase);
  REQUIRE(store.FindPersonalLink(kHashA, &found).ok());
  CHECK(!found);
  REQUIRE(store.FindPersonalLink(kHashB, &found).ok());
  CHECK(found);
}

}  // namespace
}  // namespace careerbot::storage
