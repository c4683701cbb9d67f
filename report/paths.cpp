// Paths to URIs for SARIF: GitHub resolves relative URIs against the repository root and drops
// symlinked paths, so everything is made absolute and symlink-free before it is made relative.

#include "report/report.h"

#include <system_error>

namespace lint::report {
namespace fs = std::filesystem;

namespace {

// Absolute, symlinks resolved where the path exists (weakly_canonical works for missing files too),
// without a trailing separator.
fs::path normalized(const fs::path& path)
{
  std::error_code error;
  fs::path absolute = fs::absolute(path, error);
  if (error) {
    absolute = path;
  }
  fs::path result = fs::weakly_canonical(absolute, error);
  if (error) {
    result = absolute.lexically_normal();
  }
  if (!result.has_filename() && result.has_relative_path()) {
    result = result.parent_path();
  }
  return result;
}

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

fs::path find_repository_root(const fs::path& start)
{
  fs::path directory = normalized(start);
  std::error_code error;
  if (fs::is_regular_file(directory, error)) {
    directory = directory.parent_path();
  }
  for (fs::path candidate = directory;; candidate = candidate.parent_path()) {
    if (fs::exists(candidate / ".git", error)) { // a directory, or a file in worktrees/submodules
      return candidate;
    }
    if (candidate == candidate.parent_path()) {
      break;
    }
  }
  return directory;
}

std::string relative_uri(const fs::path& file, const fs::path& base)
{
  const fs::path absolute = normalized(file);
  if (!base.empty()) {
    const fs::path relative = absolute.lexically_relative(normalized(base));
    const bool under = !relative.empty() && relative != "." && *relative.begin() != "..";
    if (under) {
      return percent_encode(relative.generic_string());
    }
  }
  std::string generic = absolute.generic_string();
  if (!generic.starts_with('/')) {
    generic.insert(generic.begin(), '/'); // "C:/x" -> "file:///C:/x"
  }
  return "file://" + percent_encode(generic);
}

} // namespace lint::report
