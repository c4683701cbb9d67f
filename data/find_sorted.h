// One binary search for every table of data/ that is sorted by name: the generated tables
// (tools/gen_data sorts them) and the hand-written Terraform schema (a static_assert keeps it sorted).
#pragma once

#include <algorithm>
#include <span>
#include <string_view>

namespace lint::data {

struct ByteLess {
  bool operator()(std::string_view a, std::string_view b) const { return a < b; }
};

// The element of `items` whose key(item) equals `name`, or nullptr; `items` is sorted by key under
// `less` (byte order unless the table was sorted otherwise).
template <typename T, typename Key, typename Less = ByteLess>
const T* find_sorted(std::span<const T> items, std::string_view name, Key key, Less less = {}) {
  const auto it = std::lower_bound(items.begin(), items.end(), name,
                                   [&](const T& item, std::string_view wanted) { return less(key(item), wanted); });
  if (it == items.end() || less(name, key(*it))) return nullptr;
  return &*it;
}

}  // namespace lint::data
