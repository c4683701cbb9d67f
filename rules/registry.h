#pragma once
// Every rule, sorted by id. Generated from the files under rules/<family>/ (see CMakeLists.txt).

#include "analyzer/rule.h"

#include <span>
#include <string_view>

namespace lint::rules {

struct Entry {
  const Rule* rule;
  std::string_view path; // "timeout/timeout_exceeds_integration": fixtures/rules/<path>/
};

std::span<const Entry> all_entries();
/// The rules alone, in the same order (what the engine takes).
std::span<const Rule* const> all();
/// By id ("LL401") or name ("timeout-exceeds-integration"); nullptr when none.
const Rule* find(std::string_view id_or_name);

} // namespace lint::rules
