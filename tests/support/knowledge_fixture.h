// The shipped knowledge base, loaded once per test binary (it is immutable).
#pragma once

#include <doctest/doctest.h>

#include <stdexcept>

#include "knowledge/knowledge_base.h"

namespace careerbot::testing {

inline const knowledge::KnowledgeBase& ShippedKnowledge() {
  static const knowledge::KnowledgeBase kb = [] {
    knowledge::KnowledgeBase loaded;
    Status s = knowledge::LoadKnowledgeBase(CAREERBOT_KNOWLEDGE_DIR, &loaded);
    if (!s.ok()) throw std::runtime_error("shipped knowledge base: " + s.ToString());
    return loaded;
  }();
  return kb;
}

}  // namespace careerbot::testing
