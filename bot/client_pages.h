// Walking every client, page by page of the store (ListClients): what the admin
// lists and the feedback statistics read. Fine for the thousands of clients of
// one institution; an index joins when a list outgrows it.
#pragma once

#include <cstdint>
#include <vector>

#include "base/status.h"
#include "storage/store.h"

namespace careerbot::bot {

// Calls visit(client, &go_on) for every client with an id above after_id, in id
// order, until visit fails or clears go_on.
template <typename Visit>
Status ForEachClient(storage::Store& store, int64_t after_id, Visit visit) {
  constexpr size_t kScanPage = 200;
  for (;;) {
    std::vector<storage::ClientSummary> page;
    if (Status s = store.ListClients({after_id, kScanPage}, &page); !s.ok()) return s;
    for (const auto& c : page) {
      bool go_on = true;
      if (Status s = visit(c, &go_on); !s.ok() || !go_on) return s;
    }
    if (page.size() < kScanPage) return Status::Ok();
    after_id = page.back().client_id;
  }
}

}  // namespace careerbot::bot
