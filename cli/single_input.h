#pragma once
// `graph` and `policy` read one input the way `check` reads it: the configuration found from the
// input (or --config), its suppressions and baseline, then whichever front end reads the input.

#include "analyzer/driver.h"

#include <filesystem>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>

namespace lint::cli {

/// The analysed input (a .tf file stands for its module), with `rules` run on it; nullopt after
/// telling `err` why ("lambdalint COMMAND: ..."): a configuration or baseline that cannot be read,
/// an input that cannot be read, or one no front end models.
std::optional<AnalyzedUnit> analyze_single_input(std::string_view command, const std::string& path,
                                                 const std::optional<std::filesystem::path>& config_path,
                                                 std::span<const Rule* const> rules, std::ostream& err);

} // namespace lint::cli
