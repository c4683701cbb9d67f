#include "cli/policy.h"

#include "cli/single_input.h"

#include "analyzer/code/analysis.h"
#include "analyzer/driver.h"

#include <fmt/format.h>

#include <cctype>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <string>

namespace lint::cli {
namespace {

constexpr int k_exit_clean = 0;
constexpr int k_exit_usage = 2;

constexpr std::string_view k_usage = "usage: lambdalint policy PATH [--function NAME] [--format json|snippet] [--config FILE]\n";

std::string json_string(std::string_view text)
{
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\n': out += "\\n"; break;
    case '\t': out += "\\t"; break;
    default:
      if (static_cast<unsigned char>(c) < 0x20) {
        out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
      } else {
        out += c;
      }
    }
  }
  return out + "\"";
}

std::string json_list(const std::set<std::string>& items)
{
  std::vector<std::string> quoted;
  for (const std::string& item : items) {
    quoted.push_back(json_string(item));
  }
  return fmt::format("[{}]", fmt::join(quoted, ", "));
}

/// The policy document: one statement per resource, code calls first, then the configuration's needs.
/// On several lines, each indented by `indent`, or on one line (`indent` nullopt: a snippet embeds it).
std::string policy_document(const code::FunctionAnalysis& analysis, const std::vector<code::WiringNeed>& wiring,
                            const std::optional<std::string>& indent)
{
  std::map<std::string, std::set<std::string>> code_statements;   // resource JSON -> actions
  std::map<std::string, std::set<std::string>> wiring_statements;
  for (const code::CallNeed& need : analysis.needs) {
    code_statements[need.policy_resource_json].insert(need.mapping.actions.begin(), need.mapping.actions.end());
  }
  for (const code::WiringNeed& need : wiring) {
    wiring_statements[need.policy_resource_json].insert(need.actions.begin(), need.actions.end());
  }
  std::vector<std::string> statements;
  int index = 0;
  for (const auto* group : {&code_statements, &wiring_statements}) {
    for (const auto& [resource, actions] : *group) {
      statements.push_back(fmt::format("{0}{{\"Sid\": \"{1}{2}\", \"Effect\": \"Allow\", \"Action\": {3}, \"Resource\": {4}}}",
                                       indent ? *indent + "    " : "", group == &code_statements ? "Code" : "Configuration", ++index,
                                       json_list(actions), resource));
    }
  }
  if (!indent) {
    return fmt::format("{{\"Version\": \"2012-10-17\", \"Statement\": [{}]}}", fmt::join(statements, ", "));
  }
  return fmt::format("{{\n{0}  \"Version\": \"2012-10-17\",\n{0}  \"Statement\": [\n{1}\n{0}  ]\n{0}}}", *indent,
                     fmt::join(statements, ",\n"));
}

std::string code_report(const code::FunctionAnalysis& analysis, const std::string& indent)
{
  std::vector<std::string> files;
  for (const SourceFilePtr& file : analysis.scan.files) {
    files.push_back(json_string(file ? file->path() : ""));
  }
  std::vector<std::string> unresolved;
  for (const code::UnresolvedCall& call : analysis.scan.unresolved) {
    const LineColumn at = call.location.file ? call.location.file->byte_position(call.location.range.begin) : LineColumn{};
    unresolved.push_back(fmt::format("{{\"file\": {}, \"line\": {}, \"reason\": {}}}", json_string(call.location.file ? call.location.file->path() : ""),
                                     at.line, json_string(call.reason)));
  }
  if (analysis.status != code::FunctionAnalysis::Status::analysed) {
    return fmt::format("{{\"analysed\": false, \"reason\": {}}}", json_string(analysis.reason));
  }
  std::vector<std::string> libraries;
  for (const std::string& library : analysis.scan.opaque_libraries) {
    libraries.push_back(json_string(library));
  }
  return fmt::format("{{\"analysed\": true, \"complete\": {}, \"language\": \"{}\", \"files\": [{}], \"calls\": {}, \"mapped\": {}, "
                     "\"unmapped\": {}, \"libraries_calling_aws\": [{}],\n{}  \"unresolved\": [{}]}}",
                     analysis.complete() ? "true" : "false", to_string(analysis.language), fmt::join(files, ", "), analysis.scan.calls.size(),
                     analysis.needs.size(), analysis.unmapped, fmt::join(libraries, ", "), indent, fmt::join(unresolved, ", "));
}

/// A name made of a function's id for the policy the snippet adds: letters and digits only
/// (`aws_lambda_function.orders` → `orders_least_privilege`, `Orders` → `OrdersLeastPrivilege`).
std::string policy_name(const Function& function, bool terraform)
{
  std::string name;
  for (const char c : function.resource->local_name()) {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0 || (terraform && c == '_')) {
      name += c;
    }
  }
  return name + (terraform ? "_least_privilege" : "LeastPrivilege");
}

/// The policy as text to paste into the input, in its own format: a JSON document is valid YAML
/// (flow syntax) and a valid HCL expression (`"${aws_sqs_queue.q.arn}"` is an interpolation), so
/// the document is wrapped in what declares a policy there.
/// - Terraform: an aws_iam_role_policy on the function's role;
/// - SAM's generated role: an entry of the function's Policies (SAM accepts a policy document);
/// - a role the template declares: an entry of its Policies (PolicyName, PolicyDocument), in YAML
///   or, for a JSON template, in JSON.
std::string policy_snippet(const Model& model, const Function& function, const std::string& document)
{
  const Role* role = function.execution_role;
  const std::string& id = function.resource->id;
  if (model.format == SourceFormat::terraform) {
    const std::string role_reference = role != nullptr && role->resource != nullptr && !role->generated
                                         ? role->resource->id + ".id"
                                         : std::string("\"<the execution role's name>\"");
    return fmt::format("# The least privilege of {}: add to the configuration.\nresource \"aws_iam_role_policy\" \"{}\" {{\n  role   = {}\n"
                       "  policy = jsonencode({})\n}}\n",
                       id, policy_name(function, true), role_reference, document);
  }
  const bool json = function.resource->file != nullptr && function.resource->file->path().ends_with(".json");
  if (role != nullptr && role->generated) {
    return json ? fmt::format("\"Policies\": [{}]\n", document)
                : fmt::format("# The least privilege of {}: the function's Policies (SAM's generated role).\nPolicies:\n  - {}\n", id, document);
  }
  const std::string where = role != nullptr ? fmt::format("the Policies of role {}", role->id) : std::string("the Policies of the execution role");
  return json ? fmt::format("\"Policies\": [{{\"PolicyName\": \"{}\", \"PolicyDocument\": {}}}]\n", policy_name(function, false), document)
              : fmt::format("# The least privilege of {}: {}.\nPolicies:\n  - PolicyName: {}\n    PolicyDocument: {}\n", id, where,
                            policy_name(function, false), document);
}

} // namespace

int run_policy(int argc, char** argv)
{
  std::optional<std::string> path;
  std::optional<std::string> function_name;
  std::optional<std::filesystem::path> config_path;
  bool snippet = false;
  for (int i = 0; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if ((arg == "--function" || arg == "--config" || arg == "--format") && i + 1 >= argc) {
      std::cerr << fmt::format("lambdalint policy: {} needs a value\n", arg) << k_usage;
      return k_exit_usage;
    }
    if (arg == "--function") {
      function_name = argv[++i];
    } else if (arg == "--config") {
      config_path = argv[++i];
    } else if (arg == "--format") {
      const std::string_view format = argv[++i];
      if (format != "json" && format != "snippet") {
        std::cerr << fmt::format("lambdalint policy: --format is json or snippet, not '{}'\n", format) << k_usage;
        return k_exit_usage;
      }
      snippet = format == "snippet";
    } else if (arg == "--help" || arg == "-h") {
      std::cout << k_usage;
      return k_exit_clean;
    } else if (arg.starts_with("-") || path) {
      std::cerr << fmt::format("lambdalint policy: unexpected argument '{}'\n", arg) << k_usage;
      return k_exit_usage;
    } else {
      path = std::string(arg);
    }
  }
  if (!path) {
    std::cerr << k_usage;
    return k_exit_usage;
  }
  // Only the model is needed: no rule runs.
  const std::optional<AnalyzedUnit> unit = analyze_single_input("policy", *path, config_path, {}, std::cerr);
  if (!unit) {
    return k_exit_usage;
  }
  const Model& model = *unit->model;
  std::vector<std::string> entries;
  bool found = false;
  for (const Function& function : model.functions) {
    const std::string& id = function.resource->id;
    if (function_name && *function_name != id) {
      continue;
    }
    found = true;
    const code::FunctionAnalysis analysis = code::analyse_function(model, function);
    bool wiring_complete = true;
    const std::vector<code::WiringNeed> wiring = code::wiring_needs(model, function, wiring_complete);
    if (snippet) {
      // The policy in the input's own syntax, ready to paste; what was not analysed on stderr.
      if (analysis.status != code::FunctionAnalysis::Status::analysed) {
        std::cerr << fmt::format("lambdalint policy: the code of '{}' is not analysed: {}\n", id, analysis.reason);
      }
      entries.push_back(policy_snippet(model, function, policy_document(analysis, wiring, std::nullopt)));
      continue;
    }
    if (function_name) {
      // One function: the policy document alone, ready to paste; what was not analysed on stderr.
      if (analysis.status != code::FunctionAnalysis::Status::analysed) {
        std::cerr << fmt::format("lambdalint policy: the code of '{}' is not analysed: {}\n", id, analysis.reason);
      } else if (!analysis.complete()) {
        std::cerr << fmt::format("lambdalint policy: {} call(s) of '{}' could not be resolved or mapped; the policy lacks them\n",
                                 analysis.scan.unresolved.size() + analysis.unmapped, id);
      }
      std::cout << policy_document(analysis, wiring, std::string()) << "\n";
      return k_exit_clean;
    }
    entries.push_back(fmt::format("    {{\n      \"function\": {},\n      \"role\": {},\n      \"code\": {},\n      \"configuration_complete\": {},\n"
                                  "      \"policy\": {}\n    }}",
                                  json_string(id), function.execution_role ? json_string(function.execution_role->id) : "null",
                                  code_report(analysis, "      "), wiring_complete ? "true" : "false", policy_document(analysis, wiring, std::string("      "))));
  }
  if (function_name && !found) {
    std::cerr << fmt::format("lambdalint policy: no function '{}' in {}\n", *function_name, *path);
    return k_exit_usage;
  }
  if (snippet) {
    std::cout << fmt::format("{}", fmt::join(entries, "\n"));
    return k_exit_clean;
  }
  std::cout << fmt::format("{{\n  \"functions\": [\n{}\n  ]\n}}\n", fmt::join(entries, ",\n"));
  return k_exit_clean;
}

} // namespace lint::cli
