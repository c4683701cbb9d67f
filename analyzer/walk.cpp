#include "analyzer/walk.h"

#include "analyzer/driver.h"
#include "analyzer/frontends.h"
#include "support/read_file.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>
#include <set>

namespace lint {

namespace fs = std::filesystem;

namespace {
bool is_skipped_directory(const fs::path& path)
{
  const std::string name = path.filename().string();
  // .aws-sam and cdk.out hold build output that duplicates the sources.
  return name == ".git" || name == "node_modules" || name == ".terraform" || name == ".aws-sam" || name == "cdk.out";
}
bool is_terraform_path(const fs::path& path)
{
  return lint::is_terraform_file(path.filename().string());
}

/// Directories that the .tf files of `module` call as local child modules (`source = "./x"`).
/// They are analysed through their caller, with its inputs, not again on their own. Files are read
/// like every input (never blocking on a FIFO, bounded); one that cannot be read calls nothing here
/// and is reported when its module is analysed.
std::set<std::string> local_callees(const fs::path& module)
{
  static const std::regex source(R"re(\bsource\s*=\s*"(\.\.?/[^"]*)")re");
  std::set<std::string> callees;
  std::error_code error;
  for (fs::directory_iterator it(module, fs::directory_options::skip_permission_denied, error), end; !error && it != end; it.increment(error)) {
    if (!it->path().string().ends_with(".tf")) {
      continue;
    }
    const ReadResult read = read_regular_file(it->path());
    if (!read.text) {
      continue;
    }
    const std::string& content = *read.text;
    for (auto match = std::sregex_iterator(content.begin(), content.end(), source); match != std::sregex_iterator(); ++match) {
      std::error_code canonical_error;
      const fs::path callee = fs::weakly_canonical(module / (*match)[1].str(), canonical_error);
      if (!canonical_error) {
        callees.insert(callee.string());
      }
    }
  }
  return callees;
}

/// The modules of a walk that are units of analysis: those no other module of the walk calls, and
/// for modules reached only through a cycle of calls (a calls b, b calls a), the first of the cycle
/// in path order, so that no module's findings vanish. `named` is the directory the user named.
std::vector<WalkedFile> module_units(const std::set<std::string>& modules, const std::string& named)
{
  std::map<std::string, std::string> canonical_of; // module path -> canonical path
  std::map<std::string, std::set<std::string>> calls;
  std::set<std::string> called;
  for (const std::string& module : modules) {
    std::error_code canonical_error;
    const std::string canonical = fs::weakly_canonical(module, canonical_error).string();
    canonical_of[module] = canonical;
  }
  for (const std::string& module : modules) {
    std::set<std::string>& callees = calls[canonical_of[module]];
    callees = local_callees(module);
    std::erase_if(callees, [&](const std::string& callee) { return callee == canonical_of[module]; });
    called.insert(callees.begin(), callees.end());
  }
  std::set<std::string> covered;
  auto cover_from = [&](const std::string& start) {
    std::vector<std::string> pending{start};
    while (!pending.empty()) {
      const std::string at = pending.back();
      pending.pop_back();
      if (!covered.insert(at).second) {
        continue;
      }
      if (const auto found = calls.find(at); found != calls.end()) {
        pending.insert(pending.end(), found->second.begin(), found->second.end());
      }
    }
  };
  std::vector<WalkedFile> units;
  for (const std::string& module : modules) {
    std::error_code equivalent_error;
    const bool named_here = fs::equivalent(module, named, equivalent_error);
    if (!called.contains(canonical_of[module]) || named_here) {
      units.push_back({module, named_here});
      cover_from(canonical_of[module]);
    }
  }
  for (const std::string& module : modules) { // std::set: path order
    if (!covered.contains(canonical_of[module])) {
      units.push_back({module, false});
      cover_from(canonical_of[module]);
    }
  }
  return units;
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
      const std::string unit = is_terraform_path(path) ? fs::path(path).parent_path().string() : path;
      const std::string named = unit.empty() ? std::string(".") : unit;
      if (seen.insert(named).second) {
        result.files.push_back({named, true});
      }
      continue;
    }
    std::vector<WalkedFile> found;
    std::set<std::string> modules;
    // An explicit stack of directories instead of recursive_directory_iterator: a directory that
    // cannot be read (permissions) is an input error naming it, and the walk goes on.
    std::vector<fs::path> directories{fs::path(path)};
    while (!directories.empty()) {
      const fs::path directory = directories.back();
      directories.pop_back();
      fs::directory_iterator it(directory, error);
      if (error) {
        result.errors.emplace_back(directory.string(), "cannot read the directory: " + error.message());
        error.clear();
        continue;
      }
      for (; it != fs::directory_iterator(); it.increment(error)) {
        const fs::directory_entry& entry = *it;
        std::error_code type_error;
        if (entry.is_directory(type_error)) {
          if (!is_skipped_directory(entry.path()) && !entry.is_symlink(type_error)) {
            directories.push_back(entry.path());
          }
          continue;
        }
        const std::string file = entry.path().string();
        if (entry.is_symlink(type_error) && (has_template_extension(file) || is_terraform_path(entry.path()))) {
          // A link that leads nowhere (dangling, or a loop such as a.yaml -> a.yaml) is a file the
          // user meant to lint and cannot be read: an input error, not a silent skip.
          std::error_code target_error;
          if (!fs::exists(fs::status(entry.path(), target_error)) || target_error) {
            result.errors.emplace_back(file, "cannot read: " + (target_error ? target_error.message() : std::string("dangling symbolic link")));
            continue;
          }
        }
        if (entry.is_regular_file(type_error) && is_terraform_path(entry.path())) {
          modules.insert(entry.path().parent_path().string());
          continue;
        }
        if (entry.is_regular_file(type_error) && has_template_extension(file)) {
          found.push_back({file, false});
        }
      }
      if (error) {
        result.errors.emplace_back(directory.string(), "cannot read the directory: " + error.message());
        error.clear();
      }
    }
    for (WalkedFile& unit : module_units(modules, path)) {
      found.push_back(std::move(unit));
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

} // namespace lint
