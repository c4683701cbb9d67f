#pragma once
// Small text utilities shared by parsers, rules and reporters.

#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace lint {

/// Levenshtein distance over ASCII case-folded bytes, for did-you-mean suggestions. Stops early and
/// returns `limit + 1` once the distance exceeds `limit`.
std::size_t edit_distance(std::string_view a, std::string_view b,
                          std::size_t limit = std::numeric_limits<std::size_t>::max() - 1);

bool equal_ignoring_case(std::string_view a, std::string_view b);

/// The candidate a misspelt `key` most likely means: the only one within a few edits of it (case
/// folded; 1 edit for keys of up to 4 characters, 2 up to 9, else 3). Empty when none is that
/// close or two are equally close. `name_of` gives a candidate's name, or an empty view to skip it.
template <typename Range, typename NameOf>
std::string_view nearest_name(std::string_view key, const Range& candidates, NameOf name_of)
{
  const std::size_t limit = key.size() <= 4 ? 1 : (key.size() <= 9 ? 2 : 3);
  std::string_view best;
  std::size_t best_distance = limit + 1;
  bool ambiguous = false;
  for (const auto& candidate : candidates) {
    const std::string_view name = name_of(candidate);
    if (name.empty()) {
      continue;
    }
    const std::size_t distance = edit_distance(key, name, limit);
    if (distance < best_distance) {
      best_distance = distance;
      best = name;
      ambiguous = false;
    } else if (distance == best_distance && distance <= limit) {
      ambiguous = true;
    }
  }
  return ambiguous ? std::string_view() : best;
}

/// Length in bytes of the UTF-8 sequence a lead byte starts (1 for an invalid byte, so invalid
/// text advances one byte at a time and never loops).
inline std::uint32_t utf8_sequence_length(unsigned char lead)
{
  if (lead < 0x80) {
    return 1;
  }
  if ((lead & 0xE0) == 0xC0) {
    return 2;
  }
  if ((lead & 0xF0) == 0xE0) {
    return 3;
  }
  if ((lead & 0xF8) == 0xF0) {
    return 4;
  }
  return 1;
}

/// Appends a code point as UTF-8.
void append_utf8(std::string& out, std::uint32_t code_point);

/// A YYYY-MM-DD calendar date (--as-of, `until=`, settings); nullopt for anything else,
/// including impossible dates such as 2026-02-30.
std::optional<std::chrono::sys_days> parse_iso_date(std::string_view text);

} // namespace lint
