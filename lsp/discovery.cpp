#include "lsp/discovery.h"

#include "analyzer/config.h"
#include "analyzer/walk.h"
#include "rules/registry.h"

#include <algorithm>
#include <filesystem>

namespace lint::lsp {

DiscoveredUnits discover_units(const std::string& folder)
{
  namespace fs = std::filesystem;
  DiscoveredUnits out;
  const WalkResult walk = collect_files({folder});
  std::optional<Config> config;
  if (const auto file = find_config_file(folder)) {
    LoadedConfig loaded = load_config(*file, rules::all());
    if (loaded.problems.empty()) {
      config = std::move(loaded.config);
    }
  }
  for (const WalkedFile& file : walk.files) {
    if (config && config->is_ignored(file.path)) {
      continue; // ignore-paths, as `check FOLDER` applies them
    }
    std::error_code error;
    if (fs::is_directory(file.path, error)) {
      // The walk's entry for a Terraform module is its directory.
      out.units.push_back({UnitKind::terraform_module, fs::path(file.path).lexically_normal().string()});
    } else {
      out.units.push_back(unit_of(fs::path(file.path).lexically_normal().string()));
    }
  }
  std::sort(out.units.begin(), out.units.end(), [](const UnitId& a, const UnitId& b) { return a.key < b.key; });
  for (const UnitId& unit : out.units) {
    out.stamps.push_back(disk_stamp(unit));
  }
  for (const auto& [path, message] : walk.errors) {
    out.errors.push_back(path + ": " + message);
  }
  return out;
}

} // namespace lint::lsp
