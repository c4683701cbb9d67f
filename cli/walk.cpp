#include "cli/walk.h"

#include "analyzer/driver.h"

#include <algorithm>
#include <filesystem>
#include <set>

namespace lint::cli {

namespace fs = std::filesystem;

namespace {
bool is_skipped_directory(const fs::path& path)
{
  const std::string name = path.filename().string();
  // .aws-sam and cdk.out hold build output that duplicates the sources.
  return name == ".git" || name == "node_modules" || name == ".terraform" || name == ".aws-sam" || name == "cdk.out";
}
} // namespace

WalkResult collect_files(const std::vector<std::string>& paths)
{
  WalkResult result;
  std::set<std::string> seen;
  for (const std::string& path : paths) {
    std::error_code error;
    const fs::file_status status = fs::status(path, error);
    if (error || !fs::exists(status)) {
      result.errors.emplace_back(path, error ? error.message() : "no such file or directory");
      continue;
    }
    if (!fs::is_directory(status)) {
      if (seen.insert(path).second) {
        result.files.push_back({path, true});
      }
      continue;
    }
    std::vector<WalkedFile> found;
    fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, error);
    if (error) {
      result.errors.emplace_back(path, error.message());
      continue;
    }
    for (; it != fs::recursive_directory_iterator(); it.increment(error)) {
      if (error) {
        result.errors.emplace_back(path, error.message());
        break;
      }
      const fs::directory_entry& entry = *it;
      std::error_code type_error;
      if (entry.is_directory(type_error)) {
        if (is_skipped_directory(entry.path()) || entry.is_symlink(type_error)) {
          it.disable_recursion_pending();
        }
        continue;
      }
      const std::string file = entry.path().string();
      if (entry.is_regular_file(type_error) && has_template_extension(file)) {
        found.push_back({file, false});
      }
    }
    std::sort(found.begin(), found.end(), [](const WalkedFile& a, const WalkedFile& b) { return a.path < b.path; });
    for (WalkedFile& file : found) {
      if (seen.insert(file.path).second) {
        result.files.push_back(std::move(file));
      }
    }
  }
  return result;
}

} // namespace lint::cli
