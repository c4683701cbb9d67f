// Paths to URIs for SARIF: GitHub resolves relative URIs against the repository root and drops
// symlinked paths, so everything is made absolute and symlink-free before it is made relative.

#include "report/report.h"

#include "support/paths.h"

#include <system_error>

namespace lint::report {
namespace fs = std::filesystem;

namespace {

// RFC 3986 percent-encoding of a path: unreserved characters and '/' stay, every other byte
// (including ':' which would read as a scheme, and UTF-8 bytes) becomes %XX.
std::string percent_encode(std::string_view path)
{
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(path.size());
  for (const char c : path) {
    const auto byte = static_cast<unsigned char>(c);
    const bool keep = (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') || (byte >= '0' && byte <= '9') ||
                      byte == '-' || byte == '.' || byte == '_' || byte == '~' || byte == '/';
    if (keep) {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    }
  }
  return out;
}

} // namespace

std::string relative_uri(const fs::path& file, const fs::path& base)
{
  if (const auto relative = relative_path_under(file, base)) {
    return percent_encode(*relative);
  }
  std::string generic = normalized_path(file).generic_string();
  if (!generic.starts_with('/')) {
    generic.insert(generic.begin(), '/'); // "C:/x" -> "file:///C:/x"
  }
  return "file://" + percent_encode(generic);
}

} // namespace lint::report
