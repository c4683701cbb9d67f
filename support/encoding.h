#pragma once
// Input encodings: everything downstream of the readers sees UTF-8.

#include <optional>
#include <string>
#include <string_view>

namespace lint {

/// UTF-32 or UTF-16 text with a byte order mark (the UTF-32 marks are tested first: the UTF-32LE
/// mark FF FE 00 00 starts with the UTF-16LE one) converted to UTF-8; nullopt for text without
/// one of those marks. A lone surrogate stays (as invalid UTF-8: the reader reports it); code
/// points past U+10FFFF become U+FFFD.
std::optional<std::string> utf8_from_bom_text(std::string_view bytes);

/// Offset of the first NUL byte, or npos. Text files have none; UTF-16/32 are converted first.
std::size_t first_nul(std::string_view bytes);

} // namespace lint
