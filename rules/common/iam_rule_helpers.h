#pragma once
// Helpers shared by the IAM rules (LL1xx least privilege, LL3xx permissions a function needs).
// The interpretation of policies lives in analyzer/iam/; these only choose roles, name things and
// build findings.

#include "analyzer/iam/actions.h"
#include "analyzer/iam/policy.h"
#include "analyzer/model.h"
#include "analyzer/rule.h"
#include "support/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <map>
#include <string>
#include <vector>

namespace lint::rules::iam_rules {

/// Does the role's trust policy let Lambda assume it (Principal Service lambda.amazonaws.com)?
inline bool trusts_lambda(const Role& role)
{
  for (const Statement& statement : role.trust_statements) {
    if (!is_text(statement.effect, "Allow")) {
      continue;
    }
    const Value* service = get_path(statement.principal, {"Service"});
    std::vector<const Value*> items;
    if (service && service->kind == ValueKind::list) {
      items.assign(service->items.begin(), service->items.end());
    } else if (service) {
      items.push_back(service);
    }
    for (const Value* item : items) {
      for (const Value* branch : possible_values(item)) {
        if (const auto text = as_string(branch); text && (text->starts_with("lambda.amazonaws.com") || *text == "lambda")) {
          return true;
        }
        if (branch->kind == ValueKind::text_template && !branch->parts.empty() && !branch->parts[0].is_reference &&
            branch->parts[0].literal == "lambda.") {
          return true; // lambda.${AWS::URLSuffix}
        }
      }
    }
  }
  return false;
}

/// LL1xx scope: execution roles of functions and roles trusting Lambda, or every role with --all-roles.
inline bool in_scope(const Role& role, const RuleOptions& options)
{
  return options.all_roles || !role.functions.empty() || trusts_lambda(role);
}

/// "role 'R' (used by 'A', 'B')" or "role 'R'".
inline std::string describe_role(const Role& role)
{
  if (role.functions.empty()) {
    return fmt::format("role '{}'", role.id);
  }
  std::vector<std::string> names;
  for (const Function* function : role.functions) {
    names.push_back("'" + function->resource->id + "'");
  }
  return fmt::format("role '{}' (execution role of {})", role.id, fmt::join(names, ", "));
}

inline std::string describe_roles(const std::vector<const Role*>& roles)
{
  std::vector<std::string> parts;
  for (const Role* role : roles) {
    parts.push_back(describe_role(*role));
  }
  return fmt::format("{}", fmt::join(parts, "; "));
}

/// Related locations at the functions using the roles (their Role property).
inline void add_function_locations(Finding& finding, const std::vector<const Role*>& roles)
{
  for (const Role* role : roles) {
    for (const Function* function : role->functions) {
      const Resource& resource = *function->resource;
      finding.related.push_back({is_set(function->role) ? resource.location(function->role->range) : resource.at_id(),
                                 fmt::format("function '{}' uses role '{}'", resource.id, role->id)});
    }
  }
}

/// A policy and the in-scope roles it is attached to, in model order.
struct ScopedPolicy {
  const Policy* policy = nullptr;
  std::vector<const Role*> roles;
};

inline std::vector<ScopedPolicy> scoped_policies(const Model& model, const RuleOptions& options)
{
  std::vector<ScopedPolicy> out;
  std::map<const Policy*, std::size_t> index;
  for (const Role& role : model.roles) {
    if (!in_scope(role, options)) {
      continue;
    }
    for (const Policy* policy : role.policies) {
      auto [found, inserted] = index.emplace(policy, out.size());
      if (inserted) {
        out.push_back({policy, {}});
      }
      out[found->second].roles.push_back(&role);
    }
  }
  return out;
}

/// A stable name for a statement: resource/policy/Sid or index.
inline std::string statement_key(const Policy& policy, const Statement& statement, std::size_t index)
{
  const auto sid = as_string(statement.sid);
  return fmt::format("{}/{}/{}", policy.resource ? policy.resource->id : std::string("?"), policy.name,
                     sid ? std::string(*sid) : std::to_string(index));
}

/// The written items of an element (string or list), each with its possible values.
inline std::vector<const Value*> element_values(const Value* element)
{
  std::vector<const Value*> out;
  if (element == nullptr) {
    return out;
  }
  const std::vector<const Value*> items =
    element->kind == ValueKind::list ? std::vector<const Value*>(element->items.begin(), element->items.end())
                                     : std::vector<const Value*>{element};
  for (const Value* item : items) {
    for (const Value* branch : possible_values(item)) {
      if (branch->kind != ValueKind::list) {
        out.push_back(branch);
      }
    }
  }
  return out;
}

/// Whether a statement is certainly an Allow (Fn::If effects must be Allow in every branch).
inline bool is_allow(const Statement& statement)
{
  const std::vector<const Value*> effects = possible_values(statement.effect);
  return !effects.empty() && std::all_of(effects.begin(), effects.end(), [](const Value* v) { return is_text(v, "Allow"); });
}

inline bool has_condition(const Statement& statement)
{
  return is_set(statement.condition) && !(statement.condition->kind == ValueKind::map && statement.condition->entries.empty());
}

/// The source file and range of a written policy statement's resource.
inline Location statement_location(const Policy& policy, const Value* value)
{
  return {policy.resource->file, value->range};
}

} // namespace lint::rules::iam_rules

namespace lint::rules::iam_rules {

/// Something a function's configuration needs from its execution role (LL3xx).
struct Requirement {
  std::vector<std::string_view> actions;
  lint::iam::SymbolicText resource;   // the subject the actions are checked on
  std::string resource_label;         // how the message names it
  std::string fix_resource_yaml;      // Resource value for the quick fix, in the role file's syntax (YAML or JSON; "" = no fix)
  /// Actions of which any one is enough (kafka:DescribeCluster or kafka:DescribeClusterV2): missing
  /// only when none is allowed; the fix grants the last one.
  std::vector<std::string_view> any_of_actions;
};

/// Whether a template file is JSON (its first non-blank character is `{`).
inline bool is_json_text(std::string_view text)
{
  const std::size_t first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  return first != std::string_view::npos && text[first] == '{';
}

/// A one-line rendering of a written value as the file writes it (YAML or JSON), for quick fixes.
/// JSON spanning lines is joined (JSON strings hold no raw line breaks); multi-line YAML gives nullopt.
inline std::optional<std::string> yaml_source(const Resource& resource, const Value* value)
{
  if (value == nullptr || value->range.empty()) {
    return std::nullopt;
  }
  const std::string_view file_text = resource.file->text();
  const std::string_view text = file_text.substr(value->range.begin, value->range.end - value->range.begin);
  if (text.empty()) {
    return std::nullopt;
  }
  if (text.find('\n') == std::string_view::npos) {
    return std::string(text);
  }
  if (!is_json_text(file_text)) {
    return std::nullopt;
  }
  std::string joined;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' || text[i] == '\r') {
      while (i + 1 < text.size() && (text[i + 1] == ' ' || text[i + 1] == '\t' || text[i + 1] == '\n' || text[i + 1] == '\r')) {
        ++i;
      }
      if (!joined.empty() && joined.back() != ' ' && joined.back() != '[' && joined.back() != '{') {
        joined += ' ';
      }
      continue;
    }
    joined += text[i];
  }
  return joined;
}

/// The JSON form of the quick fix: `, {"Effect": "Allow", ...}` after the last statement of the
/// role's first inline policy, on a line of its own at the statement's indentation.
inline std::optional<Fix> least_privilege_fix_json(const Role& role, const std::vector<std::string_view>& actions, const std::string& resource_json)
{
  const std::string_view text = role.resource->file->text();
  for (const Policy* policy : role.policies) {
    if (policy->origin != PolicyOrigin::inline_policy || policy->resource != role.resource || policy->statements.empty() ||
        policy->conditional) {
      continue;
    }
    const Value* list = get_path(policy->document, {"Statement"});
    const Value* last = policy->statements.back().value;
    if (list == nullptr || list->kind != ValueKind::list || list->items.empty() || list->items.back() != last || last == nullptr ||
        last->kind != ValueKind::map || last->range.end == 0 || last->range.end > text.size() ||
        text[last->range.end - 1] != '}') {
      continue;
    }
    const std::size_t newline = text.rfind('\n', last->range.begin == 0 ? 0 : last->range.begin - 1);
    const std::size_t line_begin = newline == std::string_view::npos ? 0 : newline + 1;
    const std::string_view before = text.substr(line_begin, last->range.begin - line_begin);
    const bool own_line = before.find_first_not_of(" \t") == std::string_view::npos;
    std::vector<std::string> quoted;
    for (std::string_view action : actions) {
      quoted.push_back(fmt::format("\"{}\"", action));
    }
    const std::string statement = fmt::format("{{\"Effect\": \"Allow\", \"Action\": [{}], \"Resource\": {}}}", fmt::join(quoted, ", "), resource_json);
    const std::string insertion = own_line ? fmt::format(",\n{}{}", before, statement) : fmt::format(", {}", statement);
    return Fix{fmt::format("Allow {} in policy '{}'", fmt::join(actions, ", "), policy->name), {TextEdit{{last->range.end, last->range.end}, insertion}},
               Applicability::unsafe};
  }
  return std::nullopt;
}

/// The quick fix: a statement granting exactly `actions` on the resource, appended to the role's
/// first inline policy when that policy's Statement is a YAML block list or a JSON array.
/// `resource_text` is the Resource as written in the role's file (YAML or JSON). Flow-style YAML
/// lists get no fix.
inline std::optional<Fix> least_privilege_fix(const Role& role, const std::vector<std::string_view>& actions, const std::string& resource_text)
{
  if (resource_text.empty() || role.resource == nullptr || role.generated) {
    return std::nullopt;
  }
  const SourceFile& file = *role.resource->file;
  const std::string_view text = file.text();
  if (is_json_text(text)) {
    return least_privilege_fix_json(role, actions, resource_text);
  }
  const std::string& resource_yaml = resource_text;
  for (const Policy* policy : role.policies) {
    if (policy->origin != PolicyOrigin::inline_policy || policy->resource != role.resource || policy->statements.empty() ||
        policy->conditional) {
      continue;
    }
    const Value* last = policy->statements.back().value;
    if (last == nullptr || last->range.begin < 2 || text.substr(last->range.begin - 2, 2) != "- ") {
      continue;
    }
    const std::size_t newline = text.rfind('\n', last->range.begin - 1);
    const auto line_begin = static_cast<std::uint32_t>(newline == std::string_view::npos ? 0 : newline + 1);
    const std::uint32_t dash = last->range.begin - 2;
    if (text.substr(line_begin, dash - line_begin).find_first_not_of(' ') != std::string_view::npos) {
      continue;
    }
    const std::string indent(dash - line_begin, ' ');
    // After the line on which the last statement ends.
    const std::size_t end_of_line = text.find('\n', last->range.end == 0 ? 0 : last->range.end - 1);
    if (end_of_line == std::string_view::npos) {
      continue;
    }
    std::string insertion = fmt::format("{}- Effect: Allow\n{}  Action:\n", indent, indent);
    for (std::string_view action : actions) {
      insertion += fmt::format("{}    - {}\n", indent, action);
    }
    insertion += fmt::format("{}  Resource: {}\n", indent, resource_yaml);
    const auto at = static_cast<std::uint32_t>(end_of_line + 1);
    return Fix{fmt::format("Allow {} in policy '{}'", fmt::join(actions, ", "), policy->name), {TextEdit{{at, at}, insertion}},
               Applicability::unsafe};
  }
  return std::nullopt;
}

/// Reports the actions of a requirement that the function's execution role certainly does not
/// allow (`maybe` never fires). `needs` completes "Function 'F' ..." ("reads queue 'Q' through 'M'").
/// Returns the finding (to add related locations), or nullptr when nothing is missing.
inline Finding* check_requirement(const Model& model, RuleContext& context, const Function& function, const Requirement& requirement,
                              const Location& primary, const std::string& needs, const std::string& fingerprint)
{
  const Role* role = function.execution_role;
  if (role == nullptr) {
    return nullptr;
  }
  const lint::iam::EffectivePolicy effective(model, *role);
  std::vector<std::string_view> missing;
  std::vector<std::string> missing_names;
  std::vector<const lint::iam::CompiledStatement*> denials;
  bool boundary = false;
  auto refused = [&](std::string_view action) {
    const lint::iam::Verdict verdict = effective.allows(action, requirement.resource);
    if (verdict.decision != lint::iam::Decision::no) {
      return false;
    }
    boundary = boundary || verdict.boundary_refuses;
    if (verdict.explicit_deny) {
      denials.insert(denials.end(), verdict.deciding.begin(), verdict.deciding.end());
    }
    return true;
  };
  for (std::string_view action : requirement.actions) {
    if (refused(action)) {
      missing.push_back(action);
      missing_names.emplace_back(action);
    }
  }
  if (!requirement.any_of_actions.empty()) {
    const std::size_t denials_before = denials.size();
    const bool boundary_before = boundary;
    if (std::all_of(requirement.any_of_actions.begin(), requirement.any_of_actions.end(), refused)) {
      missing.push_back(requirement.any_of_actions.back());
      missing_names.push_back(fmt::format("{}", fmt::join(requirement.any_of_actions, " or ")));
    } else {
      denials.resize(denials_before); // one of them is (or may be) allowed: nothing refused here
      boundary = boundary_before;
    }
  }
  if (missing.empty()) {
    return nullptr;
  }
  std::string why = denials.empty() ? (boundary ? " (its permissions boundary does not allow them)" : "") : " (an explicit Deny refuses them)";
  Finding& finding = context.report(primary,
                                    fmt::format("Function '{}' {}, but its execution role '{}' does not allow {} on {}{}", function.resource->id,
                                                needs, role->id, fmt::join(missing_names, ", "), requirement.resource_label, why),
                                    fingerprint);
  finding.related.push_back({role->location, fmt::format("execution role '{}'", role->id)});
  for (const lint::iam::CompiledStatement* denial : denials) {
    if (denial->statement && denial->policy && denial->policy->resource) {
      finding.related.push_back({{denial->policy->resource->file, denial->statement->value->range}, "the Deny statement"});
    } else if (denial->policy) {
      finding.related.push_back({denial->policy->location, fmt::format("Deny in policy '{}'", denial->policy->name)});
    }
  }
  std::size_t shown = 0;
  for (const Policy* policy : role->policies) {
    if (shown++ == 5) {
      break;
    }
    finding.related.push_back({policy->location, fmt::format("policy '{}' ({}) considered", policy->name.empty() ? "?" : policy->name,
                                                             to_string(policy->origin))});
  }
  if (denials.empty() && !boundary) {
    finding.fix = least_privilege_fix(*role, missing, requirement.fix_resource_yaml);
  }
  return &finding;
}

/// Whether a resource-based policy declared in the template applies to a resource (then the
/// resource's own policy may grant what the role lacks: not a finding).
inline bool has_resource_policy(const Model& model, const Resource& target)
{
  for (const Resource& resource : model.resources) {
    const char* list = resource.type == "AWS::SQS::QueuePolicy" ? "Queues" : resource.type == "AWS::SNS::TopicPolicy" ? "Topics" : nullptr;
    if (list != nullptr) {
      std::vector<const Reference*> references;
      collect_references(resource.property(list), references);
      for (const Reference* reference : references) {
        if (reference->name == target.id) {
          return true;
        }
      }
    } else if ((resource.type == "AWS::Kinesis::ResourcePolicy" || resource.type == "AWS::DynamoDB::ResourcePolicy")) {
      std::vector<const Reference*> references;
      collect_references(resource.property("ResourceArn"), references);
      for (const Reference* reference : references) {
        if (reference->name == target.id) {
          return true;
        }
      }
    }
  }
  return is_set(target.property("ResourcePolicy")) || is_set(get_path(target.properties, {"StreamSpecification", "ResourcePolicy"}));
}

} // namespace lint::rules::iam_rules
