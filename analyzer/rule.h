#pragma once
// THE CONTRACT between the engine and a rule. A rule is metadata plus a pure check function over
// the format-neutral Model: no I/O, no globals, no knowledge of output formats.

#include "support/finding.h"

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lint {

class Model;

struct RuleMeta {
  std::string_view id;      // "LL401": stable forever (SARIF ruleId, suppressions, baselines)
  std::string_view name;    // kebab-case: "timeout-exceeds-integration"
  std::string_view family;  // RULES.md family: template, iam, invoke, permissions, timeout, vpc, kms, concurrency, hygiene
  Level level = Level::warning; // default level (a rule may report a finding at another level)
  std::string_view summary;     // one sentence: SARIF shortDescription, `lambdalint rules`
  /// Markdown with the sections "## What it does", "## Why is this bad?", "## Example" (bad and
  /// good) and, when the rule has a fix, "## Fix safety".
  std::string_view explanation;
  std::string_view help_uri;    // AWS documentation the rule is based on
  double security_severity = 0; // SARIF security-severity (0 = not a security rule)
  std::string_view precision = "high"; // SARIF precision: very-high, high, medium, low
  std::string_view tags;        // comma-separated SARIF tags, e.g. "security,lambda"
  /// Off-default rules are opt-in (`--extend-select ID`). Every rule of the "hardening" group is
  /// off by default (a test checks that the two agree).
  bool enabled_by_default = true;
  /// Selection group: "default" for defects and clear risks, "hardening" for advice that fires on
  /// most healthy functions (VPC attachment, reserved concurrency, customer keys, tracing, log
  /// retention). `select`/`extend-select`/`ignore` take a group like an id, name or family.
  std::string_view group = "default";
  bool has_fix = false;
};

/// Options every rule may read. Filled from the command line (and later the config file).
struct RuleOptions {
  std::chrono::sys_days as_of{};                // today unless --as-of
  std::int64_t account_concurrency_limit = 1000; // LL704
  /// LL401: API Gateway REST integration timeout when the template does not say (29 s by default;
  /// Regional and private REST APIs can have it raised by a quota increase).
  std::int64_t api_gateway_timeout_seconds = 29;
  /// LL602: extra RE2 patterns; an environment variable whose name fully matches one holds a secret.
  std::vector<std::string> secret_name_patterns;
  /// IAM rules (LL1xx): check every role, not only execution roles.
  bool all_roles = false;
};

class RuleContext;

struct Rule {
  RuleMeta meta;
  void (*check)(const Model& model, RuleContext& context) = nullptr;
};

/// What a rule's check receives besides the model: its options and a sink for findings.
class RuleContext {
public:
  RuleContext(const Rule& rule, const RuleOptions& options, std::vector<Finding>& out)
    : m_rule(rule), m_options(options), m_out(out)
  {
  }

  const RuleOptions& options() const { return m_options; }
  const Rule& rule() const { return m_rule; }

  /// Reports at the rule's default level. The returned Finding may be amended (related, fix).
  Finding& report(const Location& where, std::string message, std::string fingerprint)
  {
    return report(m_rule.meta.level, where, std::move(message), std::move(fingerprint));
  }
  Finding& report(Level level, const Location& where, std::string message, std::string fingerprint)
  {
    Finding& finding = m_out.emplace_back();
    finding.rule_id = m_rule.meta.id;
    finding.level = level;
    finding.message = std::move(message);
    finding.primary = where;
    finding.fingerprint = std::string(m_rule.meta.id) + "/" + std::move(fingerprint);
    return finding;
  }

private:
  const Rule& m_rule;
  const RuleOptions& m_options;
  std::vector<Finding>& m_out;
};

} // namespace lint
