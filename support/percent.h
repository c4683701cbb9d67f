#pragma once
// Percent-encoding (RFC 3986 section 2.1): the one copy for file URIs (SARIF, the language
// server) and for the URL-encoded policy documents of AWS CLI exports.

#include <string>
#include <string_view>

namespace lint {

/// The value of a hexadecimal digit (either case), or -1.
int hex_digit_value(char c);

/// Percent-encodes a path for a URI: unreserved characters (RFC 3986 section 2.3) and '/' stay,
/// every other byte (':' too, which would read as a scheme, and each byte of UTF-8) becomes %XX
/// with upper-case hex digits.
std::string percent_encode_path(std::string_view path);

/// Decodes every %XX; a '%' not followed by two hex digits stays as written. '+' stays '+'.
std::string percent_decode(std::string_view text);

} // namespace lint
