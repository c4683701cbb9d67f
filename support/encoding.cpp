#include "support/encoding.h"

#include "support/text.h"

#include <cstdint>
#include <cstring>

namespace lint {

std::optional<std::string> utf8_from_bom_text(std::string_view bytes)
{
  const bool utf32_little = bytes.starts_with(std::string_view("\xFF\xFE\0\0", 4));
  const bool utf32_big = bytes.starts_with(std::string_view("\0\0\xFE\xFF", 4));
  const bool utf16_little = !utf32_little && bytes.starts_with("\xFF\xFE");
  const bool utf16_big = bytes.starts_with("\xFE\xFF");
  auto byte = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])); };
  std::string out;
  // A lone surrogate is kept as its (invalid) UTF-8 form, so the reader reports it as an LL001
  // at its position; a value past U+10FFFF cannot be written at all and becomes U+FFFD.
  auto append = [&](std::uint32_t cp) { append_utf8(out, cp > 0x10FFFF ? 0xFFFD : cp); };
  if (utf32_little || utf32_big) {
    out.reserve(bytes.size() / 2);
    for (std::size_t i = 4; i + 3 < bytes.size(); i += 4) {
      append(utf32_little ? (byte(i + 3) << 24 | byte(i + 2) << 16 | byte(i + 1) << 8 | byte(i))
                          : (byte(i) << 24 | byte(i + 1) << 16 | byte(i + 2) << 8 | byte(i + 3)));
    }
    return out;
  }
  if (!utf16_little && !utf16_big) {
    return std::nullopt;
  }
  out.reserve(bytes.size());
  auto unit = [&](std::size_t i) { return utf16_little ? (byte(i + 1) << 8 | byte(i)) : (byte(i) << 8 | byte(i + 1)); };
  for (std::size_t i = 2; i + 1 < bytes.size(); i += 2) {
    std::uint32_t cp = unit(i);
    if (cp >= 0xD800 && cp <= 0xDBFF && i + 3 < bytes.size()) {
      const std::uint32_t low = unit(i + 2);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        i += 2;
      }
    }
    append(cp);
  }
  return out;
}

std::size_t first_nul(std::string_view bytes)
{
  const void* found = std::memchr(bytes.data(), '\0', bytes.size());
  return found == nullptr ? std::string_view::npos : static_cast<std::size_t>(static_cast<const char*>(found) - bytes.data());
}

} // namespace lint
