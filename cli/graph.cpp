#include "cli/graph.h"

#include "cli/single_input.h"

#include "analyzer/driver.h"
#include "analyzer/graph.h"
#include "rules/registry.h"
#include "support/atomic_write.h"

#include <fmt/format.h>

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
  // The same pipeline as `check` (analyzer/driver.h), all rules, so the graph shows its findings.
  const std::optional<AnalyzedUnit> unit = analyze_single_input("graph", *path, config_path, rules::all(), std::cerr);
  if (!unit) {
    return k_exit_usage;
  }
  const std::string rendered = graph::render(*unit->model, unit->result.findings, format);
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
