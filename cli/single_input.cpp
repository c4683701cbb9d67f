#include "cli/single_input.h"

#include "analyzer/config.h"
#include "analyzer/frontends.h"
#include "analyzer/run_setup.h"
#include "rules/registry.h"

#include <fmt/format.h>

#include <chrono>

namespace lint::cli {

std::optional<AnalyzedUnit> analyze_single_input(std::string_view command, const std::string& path,
                                                 const std::optional<std::filesystem::path>& config_path,
                                                 std::span<const Rule* const> rules, std::ostream& err)
{
  std::filesystem::path unit_path = path;
  if (is_terraform_file(path)) {
    unit_path = unit_path.parent_path();
    if (unit_path.empty()) {
      unit_path = ".";
    }
  }
  const std::optional<Config> config = load_run_config(config_path, unit_path, rules::all(), err);
  if (!config) {
    return std::nullopt;
  }
  DriverOptions options;
  options.rule_options.as_of = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  options.explicitly_named = true;
  const RunSetup setup = configure_run(*config, rules::all(), options); // keeps the baseline alive during the analysis
  if (!setup.error.empty()) {
    err << fmt::format("lambdalint {}: {}\n", command, setup.error);
    return std::nullopt;
  }
  AnalyzedUnit unit = analyze_path(unit_path.string(), rules, options);
  if (unit.result.input_error) {
    err << fmt::format("lambdalint {}: {}: {}\n", command, path, *unit.result.input_error);
    return std::nullopt;
  }
  for (const std::string& error : unit.result.internal_errors) {
    err << error << "\n";
  }
  if (unit.model == nullptr) {
    err << fmt::format("lambdalint {}: {} is not a CloudFormation/SAM template, Terraform module, plan or state, or AWS CLI export\n",
                       command, path);
    return std::nullopt;
  }
  return unit;
}

} // namespace lint::cli
