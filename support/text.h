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
