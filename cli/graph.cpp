#include "cli/graph.h"

#include "analyzer/audit/snapshot.h"
#include "analyzer/cfn/frontend.h"
#include "analyzer/engine.h"
#include "analyzer/graph.h"
#include "parsers/node.h"
#include "rules/registry.h"
#include "support/atomic_write.h"

#include <fmt/format.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>

namespace lint::cli {
namespace {

constexpr int k_exit_clean = 0;
constexpr int k_exit_usage = 2;

constexpr std::string_view k_usage = "usage: lambdalint graph PATH [--format dot|mermaid|json] [--output FILE]\n";

} // namespace

int run_graph(int argc, char** argv)
{
  std::optional<std::string> path;
  std::optional<std::string> output;
  graph::Format format = graph::Format::dot;
  for (int i = 0; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if ((arg == "--format" || arg == "--output" || arg == "-o") && i + 1 >= argc) {
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
  std::ifstream in(*path, std::ios::binary);
  if (!in) {
    std::cerr << fmt::format("lambdalint graph: cannot read {}\n", *path);
    return k_exit_usage;
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  auto file = std::make_shared<const SourceFile>(*path, std::move(bytes).str());
  ParsedDocument document = parse_document(file);
  // An AWS CLI export (get-template, IAM authorization details, Lambda exports) is drawn as its
  // model too (analyzer/audit/; `lambdalint audit` draws a whole snapshot).
  const audit::ExportKind export_kind = document.root != nullptr && !cfn::is_template(document.root) ? audit::detect_export(document.root) : audit::ExportKind::none;
  if (export_kind == audit::ExportKind::none && (document.root == nullptr || !cfn::is_template(document.root))) {
    std::cerr << fmt::format("lambdalint graph: {} is not a CloudFormation or SAM template{}\n", *path,
                             document.problems.empty() ? "" : fmt::format(" ({})", document.problems.front().message));
    return k_exit_usage;
  }
  const std::unique_ptr<Model> model = export_kind != audit::ExportKind::none ? audit::model_of_export(std::move(document), export_kind) : cfn::build_model(document);
  if (model == nullptr) {
    std::cerr << fmt::format("lambdalint graph: {}: the export holds nothing to draw\n", *path);
    return k_exit_usage;
  }
  RuleOptions options;
  options.as_of = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  const EngineResult result = run_rules(*model, rules::all(), options, RuleSelection{});
  const std::string rendered = graph::render(*model, result.findings, format);
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
