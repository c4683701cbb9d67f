#pragma once
// The units of analysis under a workspace folder, found the way `lambdalint check FOLDER` finds
// them (analyzer/walk.h, less the project's ignore-paths). The server analyses them, from disk, when a
// handler file is opened without its template, to learn which of them read it (lsp/server.cpp).

#include "lsp/analysis.h"

#include <string>
#include <vector>

namespace lint::lsp {

struct DiscoveredUnits {
  std::vector<UnitId> units;        // sorted by key
  std::vector<std::uint64_t> stamps; // disk_stamp() of each unit
  std::vector<std::string> errors;  // walk errors ("path: message"), for the log
};

/// Templates (and other single-file inputs) and Terraform module directories under `folder`:
/// the walk of `check`, with the ignore-paths of the `.lambdalint.yaml` found from `folder` (a
/// configuration file with errors is ignored, as the server does everywhere).
DiscoveredUnits discover_units(const std::string& folder);

} // namespace lint::lsp
