#include "support/paths.h"

#include <system_error>

namespace lint {
namespace fs = std::filesystem;

fs::path normalized_path(const fs::path& path)
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

fs::path find_repository_root(const fs::path& start)
{
  fs::path directory = normalized_path(start);
  std::error_code error;
  if (!fs::is_directory(directory, error)) {
    directory = directory.parent_path();
  }
  for (fs::path candidate = directory;; candidate = candidate.parent_path()) {
    if (fs::exists(candidate / ".git", error)) {
      return candidate;
    }
    if (candidate == candidate.parent_path()) {
      break;
    }
  }
  return directory;
}

std::optional<std::string> relative_path_under(const fs::path& file, const fs::path& root)
{
  if (root.empty()) {
    return std::nullopt;
  }
  const fs::path relative = normalized_path(file).lexically_relative(normalized_path(root));
  if (relative.empty() || relative == "." || *relative.begin() == "..") {
    return std::nullopt;
  }
  return relative.generic_string();
}

} // namespace lint
