#include "cli/graph.h"

#include "analyzer/config.h"
#include "analyzer/driver.h"
#include "analyzer/frontends.h"
#include "analyzer/graph.h"
#include "analyzer/run_setup.h"
#include "rules/registry.h"
#include "support/atomic_write.h"

#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>

namespace lint::cli {
namespace {

constexpr int k_exit_clean = 0;
constexpr int k_exit_usage = 2;

constexpr std::string_view k_usage = "usage: lambdalint graph PATH [--format dot|mermaid|json] [--output FILE] [--config FILE]\n";

} // namespace

int run_graph(int argc, char** argv)
{
  std::optional<std::string> path;
  std::optional<std::string> output;
  std::optional<std::filesystem::path> config_path;
  graph::Format format = graph::Format::dot;
  for (int i = 0; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if ((arg == "--format" || arg == "--output" || arg == "-o" || arg == "--config") && i + 1 >= argc) {
      std::cerr << fmt::format("lambdalint graph: {} needs a value\n", arg) << k_usage;
      return k_exit_usage;
    }
    if (arg == "--format") {
      const std::string_view value = argv[++i];
      if (value == "dot") {
        format = graph::Format::dot;
      } else if (value == "mermaid") {
        format = graph::Format::mermaid;
      } else if (value == "json") {
        format = graph::Format::json;
      } else {
        std::cerr << fmt::format("lambdalint graph: unknown format '{}' (dot, mermaid or json)\n", value);
        return k_exit_usage;
      }
    } else if (arg == "--output" || arg == "-o") {
      output = argv[++i];
    } else if (arg == "--config") {
      config_path = argv[++i];
    } else if (arg == "--help" || arg == "-h") {
      std::cout << k_usage;
      return k_exit_clean;
    } else if (arg.starts_with("-") || path) {
      std::cerr << fmt::format("lambdalint graph: unexpected argument '{}'\n", arg) << k_usage;
      return k_exit_usage;
    } else {
      path = std::string(arg);
    }
  }
  if (!path) {
    std::cerr << k_usage;
    return k_exit_usage;
  }
  // The same pipeline as `check` (analyzer/driver.h): the configuration found from the input (or
  // --config), its suppressions and baseline, then whichever front end reads the input. A .tf
  // file stands for its module, as for `check`.
  std::string unit_path = *path;
  if (is_terraform_file(unit_path)) {
    unit_path = std::filesystem::path(unit_path).parent_path().string();
    if (unit_path.empty()) {
      unit_path = ".";
    }
  }
  const std::optional<Config> config = load_run_config(config_path, unit_path, rules::all(), std::cerr);
  if (!config) {
    return k_exit_usage;
  }
  DriverOptions options;
  options.rule_options.as_of = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  options.explicitly_named = true;
  const RunSetup setup = configure_run(*config, rules::all(), options);
  if (!setup.error.empty()) {
    std::cerr << fmt::format("lambdalint graph: {}\n", setup.error);
    return k_exit_usage;
  }
  const AnalyzedUnit unit = analyze_path(unit_path, rules::all(), options);
  if (unit.result.input_error) {
    std::cerr << fmt::format("lambdalint graph: {}: {}\n", *path, *unit.result.input_error);
    return k_exit_usage;
  }
  for (const std::string& error : unit.result.internal_errors) {
    std::cerr << error << "\n";
  }
  if (unit.model == nullptr) {
    std::cerr << fmt::format("lambdalint graph: {} is not a CloudFormation/SAM template, Terraform module, plan or state, or AWS CLI export\n",
                             *path);
    return k_exit_usage;
  }
  const std::string rendered = graph::render(*unit.model, unit.result.findings, format);
  if (output) {
    if (const std::string error = write_file_atomically(*output, rendered); !error.empty()) {
      std::cerr << fmt::format("lambdalint: {}: {}\n", *output, error);
      return k_exit_usage;
    }
  } else {
    std::cout << rendered << std::flush;
  }
  return k_exit_clean;
}

} // namespace lint::cli
