#include "cli/walk.h"

#include "analyzer/driver.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace lint::cli {

namespace fs = std::filesystem;

namespace {
bool is_skipped_directory(const fs::path& path)
{
  const std::string name = path.filename().string();
  // .aws-sam and cdk.out hold build output that duplicates the sources.
  return name == ".git" || name == "node_modules" || name == ".terraform" || name == ".aws-sam" || name == "cdk.out";
}
bool is_terraform_file(const fs::path& path)
{
  const std::string name = path.filename().string();
  return name.ends_with(".tf") || name.ends_with(".tf.json");
}

/// Directories that the .tf files of `module` call as local child modules (`source = "./x"`).
/// They are analysed through their caller, with its inputs, not again on their own.
void add_local_callees(const fs::path& module, std::set<std::string>& callees)
{
  static const std::regex source(R"re(\bsource\s*=\s*"(\.\.?/[^"]*)")re");
  std::error_code error;
  for (fs::directory_iterator it(module, fs::directory_options::skip_permission_denied, error), end; !error && it != end; it.increment(error)) {
    if (!it->path().string().ends_with(".tf")) {
      continue;
    }
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    const std::string content = text.str();
    for (auto match = std::sregex_iterator(content.begin(), content.end(), source); match != std::sregex_iterator(); ++match) {
      std::error_code canonical_error;
      const fs::path callee = fs::weakly_canonical(module / (*match)[1].str(), canonical_error);
      if (!canonical_error) {
        callees.insert(callee.string());
      }
    }
  }
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
      // A .tf file stands for its module: the directory is the unit of analysis.
      const std::string unit = is_terraform_file(path) ? fs::path(path).parent_path().string() : path;
      const std::string named = unit.empty() ? std::string(".") : unit;
      if (seen.insert(named).second) {
        result.files.push_back({named, true});
      }
      continue;
    }
    std::vector<WalkedFile> found;
    std::set<std::string> modules;
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
      if (entry.is_symlink(type_error) && (has_template_extension(file) || is_terraform_file(entry.path()))) {
        // A link that leads nowhere (dangling, or a loop such as a.yaml -> a.yaml) is a file the
        // user meant to lint and cannot be read: an input error, not a silent skip.
        std::error_code target_error;
        if (!fs::exists(fs::status(entry.path(), target_error)) || target_error) {
          result.errors.emplace_back(file, "cannot read: " + (target_error ? target_error.message() : std::string("dangling symbolic link")));
          continue;
        }
      }
      if (entry.is_regular_file(type_error) && is_terraform_file(entry.path())) {
        modules.insert(entry.path().parent_path().string());
        continue;
      }
      if (entry.is_regular_file(type_error) && has_template_extension(file)) {
        found.push_back({file, false});
      }
    }
    std::set<std::string> callees;
    for (const std::string& module : modules) {
      add_local_callees(module, callees);
    }
    for (const std::string& module : modules) {
      std::error_code canonical_error;
      const std::string canonical = fs::weakly_canonical(module, canonical_error).string();
      const bool named_here = fs::equivalent(module, path, canonical_error);
      if (!callees.contains(canonical) || named_here) {
        found.push_back({module, named_here});
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
