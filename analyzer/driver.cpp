#include "analyzer/driver.h"

#include "analyzer/baseline.h"
#include "support/encoding.h"
#include "support/read_file.h"
#include "support/text.h"

#include <fmt/format.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace lint {
namespace {

/// Drops what the policies suppressed, unless asked to keep it, counting what was dropped.
void drop_suppressed(UnitResult& result, const DriverOptions& options)
{
  if (!options.include_suppressed) {
    std::erase_if(result.findings, [&result](const Finding& finding) {
      if (finding.suppression) {
        ++(finding.suppression->via == "baseline" ? result.baselined : result.suppressed);
      }
      return finding.suppression.has_value();
    });
  }
}

/// lint_model, with a generated document's source map applied after the suppressions (which find
/// a finding's resource by its position in the generated document) and before the baseline (whose
/// entries name the file a finding is reported in).
UnitResult lint_built_model(std::string path, const Model& model, std::span<const Rule* const> rules, const DriverOptions& options,
                            std::span<const std::string_view> rules_without_facts, bool editable, const SourceMap* source_map)
{
  if (source_map == nullptr) {
    return lint_model(std::move(path), model, rules, options, rules_without_facts, editable);
  }
  DriverOptions without_baseline = options;
  without_baseline.policy.baseline = nullptr;
  without_baseline.include_suppressed = true;
  UnitResult result = lint_model(std::move(path), model, rules, without_baseline, rules_without_facts, editable);
  apply_source_map(*source_map, result.findings);
  if (options.policy.baseline != nullptr) {
    for (Finding& finding : result.findings) {
      if (!finding.suppression && options.policy.baseline->contains(finding)) {
        finding.suppression = Suppression{"baseline", "present in the baseline", std::nullopt, true};
      }
    }
  }
  sort_findings(result.findings);
  drop_suppressed(result, options);
  return result;
}

/// The front end stage: the first front end that claims the input and builds a model for it.
AnalyzedUnit run_frontends(const FrontendInput& input, std::span<const Rule* const> rules, const DriverOptions& options)
{
  AnalyzedUnit unit;
  unit.result.path = input.path();
  for (const Frontend& frontend : frontends()) {
    const Claim claim = frontend.detect(input);
    if (claim == Claim::elsewhere) {
      unit.elsewhere = true;
      return unit;
    }
    if (claim == Claim::no) {
      continue;
    }
    BuiltUnit built;
    try {
      built = frontend.build(input);
    } catch (const std::exception& error) {
      unit.result.internal_errors.push_back(fmt::format("{}: internal error in the {} frontend: {}", input.path(), frontend.title, error.what()));
      return unit;
    }
    if (built.model == nullptr) {
      continue; // claimed by its look, not by its content: the next front end may know it
    }
    unit.result = lint_built_model(input.path(), *built.model, rules, options, built.rules_without_facts, built.editable, built.source_map.get());
    unit.model = std::move(built.model);
    unit.frontend = &frontend;
    return unit;
  }
  return unit;
}

} // namespace

std::optional<std::size_t> find_invalid_utf8(std::string_view text)
{
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    std::uint32_t min = 0;
    if (c < 0x80) {
      ++i;
      continue;
    }
    if ((c & 0xE0) == 0xC0) {
      length = 2;
      min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      length = 3;
      min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      length = 4;
      min = 0x10000;
    } else {
      return i;
    }
    if (i + length > n) {
      return i;
    }
    std::uint32_t cp = c & (0xFF >> (length + 1));
    for (std::size_t k = 1; k < length; ++k) {
      const auto continuation = static_cast<unsigned char>(text[i + k]);
      if ((continuation & 0xC0) != 0x80) {
        return i;
      }
      cp = (cp << 6) | (continuation & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return i;
    }
    i += length;
  }
  return std::nullopt;
}

bool has_template_extension(std::string_view path)
{
  for (std::string_view extension : {".yaml", ".yml", ".json", ".template", ".cfn"}) {
    if (path.size() >= extension.size() && path.substr(path.size() - extension.size()) == extension) {
      return true;
    }
  }
  return false;
}

UnitResult lint_model(std::string path, const Model& model, std::span<const Rule* const> rules, const DriverOptions& options,
                      std::span<const std::string_view> rules_without_facts, bool editable)
{
  UnitResult result;
  result.path = std::move(path);
  result.linted = true;
  RuleSelection selection = options.selection;
  for (const std::string_view id : rules_without_facts) {
    selection.disable.emplace(id);
  }
  EngineResult engine = run_rules(model, rules, options.rule_options, selection, options.rule_jobs);
  if (!editable) {
    for (Finding& finding : engine.findings) {
      finding.fix.reset();
    }
  }
  result.findings = std::move(engine.findings);
  apply_policies(model, result.findings, rules, selection, options.policy, options.rule_options.as_of);
  drop_suppressed(result, options);
  result.internal_errors = std::move(engine.internal_errors);
  return result;
}

AnalyzedUnit analyze_text(std::string path, std::string bytes, std::span<const Rule* const> rules, const DriverOptions& options)
{
  // UTF-32/UTF-16 with a byte order mark → UTF-8 (support/encoding.h); then a NUL byte means a
  // binary file. One in the first 8 KiB: not a text file at all (skipped in walks); one further
  // on, in a file that looked like a template: said, rather than a misleading parse error.
  if (auto converted = utf8_from_bom_text(bytes)) {
    bytes = std::move(*converted);
  }
  if (const std::size_t nul = first_nul(bytes); nul != std::string::npos) {
    AnalyzedUnit unit;
    unit.result.path = std::move(path);
    if (options.explicitly_named || (nul >= 8192 && may_be_analysed(bytes))) {
      unit.result.input_error = nul < 8192 ? std::string("binary file (contains NUL bytes), not a template")
                                           : fmt::format("contains a NUL byte at offset {}: not a text file", nul);
    }
    return unit;
  }
  const FrontendInput input(std::make_shared<const SourceFile>(std::move(path), std::move(bytes)), options.explicitly_named);
  return run_frontends(input, rules, options);
}

AnalyzedUnit analyze_path(const std::string& path, std::span<const Rule* const> rules, const DriverOptions& options, const BufferMap* buffers)
{
  if (std::error_code ignored; std::filesystem::is_directory(path, ignored)) {
    return run_frontends(FrontendInput(path, options.explicitly_named, buffers), rules, options);
  }
  AnalyzedUnit unit;
  unit.result.path = path;
  // Never blocks on a FIFO or a device, never reads more than the size limit (support/read_file.h).
  // A pipe named on the command line (`check <(generate)`) is read too, with a time limit.
  ReadResult read = options.explicitly_named ? read_named_file(path) : read_regular_file(path);
  if (!read.text) {
    unit.result.input_error = std::move(read.error);
    return unit;
  }
  return analyze_text(path, std::move(*read.text), rules, options);
}

UnitResult lint_text(std::string path, std::string bytes, std::span<const Rule* const> rules, const DriverOptions& options)
{
  return analyze_text(std::move(path), std::move(bytes), rules, options).result;
}

UnitResult lint_terraform_module(const std::string& directory, std::span<const Rule* const> rules, const DriverOptions& options,
                                 const BufferMap* buffers)
{
  return run_frontends(FrontendInput(directory, options.explicitly_named, buffers), rules, options).result;
}

UnitResult lint_file(const std::string& path, std::span<const Rule* const> rules, const DriverOptions& options)
{
  return analyze_path(path, rules, options).result;
}

} // namespace lint
