// An in-memory Store for tests: same contract as the SQLite store (the contract
// tests run against both), nothing on disk. Thread-safe through one mutex.
#pragma once

#include <memory>

#include "storage/store.h"

namespace careerbot::storage {

std::unique_ptr<Store> NewMemoryStore();

}  // namespace careerbot::storage
