// LL103 privilege-escalation: a Lambda role can raise its own privileges: it may change IAM
// policies, pass or assume roles, mint credentials or replace function code on `*`.
// The actions are the documented escalation paths of Rhino Security Labs' "AWS IAM Privilege
// Escalation - Methods and Mitigation"
// (https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/) restricted to
// those a single action on `*` enables, and AWS's warning about iam:PassRole
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html).

#include "rules/common/iam_rule_helpers.h"

namespace lint::rules::iam {
namespace {

constexpr std::string_view k_escalation_actions[] = {
  "iam:PassRole",           "iam:CreatePolicyVersion",   "iam:SetDefaultPolicyVersion", "iam:AttachRolePolicy",
  "iam:AttachUserPolicy",   "iam:AttachGroupPolicy",     "iam:PutRolePolicy",           "iam:PutUserPolicy",
  "iam:PutGroupPolicy",     "iam:CreateAccessKey",       "iam:CreateLoginProfile",      "iam:UpdateLoginProfile",
  "iam:AddUserToGroup",     "iam:UpdateAssumeRolePolicy", "sts:AssumeRole",             "lambda:UpdateFunctionCode",
  "lambda:UpdateFunctionConfiguration",
};

// lambda:CreateFunction escalates only together with iam:PassRole: a new function must be given an
// execution role, and CreateFunction fails without permission to pass it
// (https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html). Granted alone,
// it is not a path to more privileges.
constexpr std::string_view k_create_function = "lambda:CreateFunction";
constexpr std::string_view k_pass_role = "iam:PassRole";

/// The escalation actions a statement's action patterns grant (NotAction: those it does not exclude).
/// lambda:CreateFunction is included only when the same patterns also grant iam:PassRole.
std::vector<std::string_view> escalations(const std::vector<std::string>& patterns, bool not_action)
{
  const auto grants = [&](std::string_view action) {
    bool listed = false;
    for (const std::string& pattern : patterns) {
      listed = listed || lint::iam::action_matches(pattern, action);
    }
    return listed != not_action;
  };
  std::vector<std::string_view> out;
  for (std::string_view action : k_escalation_actions) {
    if (grants(action)) {
      out.push_back(action);
    }
  }
  if (grants(k_create_function) && grants(k_pass_role)) {
    out.push_back(k_create_function);
  }
  return out;
}

std::string summary(const std::vector<std::string_view>& actions)
{
  std::vector<std::string_view> shown(actions.begin(), actions.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(actions.size(), 3)));
  return fmt::format("{}{}", fmt::join(shown, ", "), actions.size() > 3 ? fmt::format(" and {} more", actions.size() - 3) : "");
}

void check(const Model& model, RuleContext& context)
{
  for (const iam_rules::ScopedPolicy& scoped : iam_rules::scoped_policies(model, context.options())) {
    const Policy& policy = *scoped.policy;
    if (policy.resource == nullptr) {
      continue;
    }
    if (policy.origin == PolicyOrigin::aws_managed) {
      // Computed from the managed policy's own statements; reported at the attachment.
      bool known = true;
      const std::vector<lint::iam::CompiledStatement> statements = lint::iam::compile_policy(model, policy, known);
      std::vector<std::string_view> found;
      for (const lint::iam::CompiledStatement& statement : statements) {
        const bool on_everything = !statement.not_resource && std::any_of(statement.resources.begin(), statement.resources.end(), [](const lint::iam::SymbolicText& r) {
          return r.size() == 1 && r[0].kind == lint::iam::Piece::Kind::literal && r[0].text == "*";
        });
        if (statement.effect != lint::iam::CompiledStatement::Effect::allow || statement.has_condition || !on_everything) {
          continue;
        }
        for (std::string_view action : escalations(statement.actions, statement.not_action)) {
          if (std::find(found.begin(), found.end(), action) == found.end()) {
            found.push_back(action);
          }
        }
      }
      if (!found.empty() && !policy.conditional) {
        Finding& finding = context.report(policy.location,
                                          fmt::format("AWS managed policy '{}' attached to {} allows {} on every resource, so the "
                                                      "function can raise its own privileges",
                                                      policy.name, iam_rules::describe_roles(scoped.roles), summary(found)),
                                          fmt::format("{}/{}", policy.resource->id, policy.name));
        iam_rules::add_function_locations(finding, scoped.roles);
      }
      continue;
    }
    for (std::size_t index = 0; index < policy.statements.size(); ++index) {
      const Statement& statement = policy.statements[index];
      if (!iam_rules::is_allow(statement) || iam_rules::has_condition(statement)) {
        continue;
      }
      const std::vector<const Value*> resources = iam_rules::element_values(statement.resource);
      if (!std::any_of(resources.begin(), resources.end(), [](const Value* r) { return is_text(r, "*"); })) {
        continue;
      }
      const bool not_action = is_set(statement.not_action) && !is_set(statement.action);
      const std::string key = iam_rules::statement_key(policy, statement, index);
      if (not_action) {
        std::vector<std::string> patterns;
        for (const Value* action : iam_rules::element_values(statement.not_action)) {
          if (const auto text = as_string(action)) {
            patterns.emplace_back(*text);
          } else {
            patterns.clear();
            break; // an unknown exclusion might exclude them all
          }
        }
        const std::vector<std::string_view> found = escalations(patterns, true);
        if (!found.empty() && !patterns.empty()) {
          Finding& finding = context.report(Level::error, iam_rules::statement_location(policy, statement.not_action),
                                            fmt::format("Policy '{}' of {} allows {} on every resource (NotAction does not exclude "
                                                        "them), so the function can raise its own privileges",
                                                        policy.name, iam_rules::describe_roles(scoped.roles), summary(found)),
                                            key + "/NotAction");
          iam_rules::add_function_locations(finding, scoped.roles);
          iam_rules::attribute_to_policy(finding, policy);
        }
        continue;
      }
      for (const Value* action : iam_rules::element_values(statement.action)) {
        const auto text = as_string(action);
        if (!text) {
          continue;
        }
        const std::vector<std::string_view> found = escalations({std::string(*text)}, false);
        if (found.empty()) {
          continue;
        }
        Finding& finding = context.report(iam_rules::statement_location(policy, action),
                                          fmt::format("Policy '{}' of {} allows {} on every resource, so the function can raise its "
                                                      "own privileges",
                                                      policy.name, iam_rules::describe_roles(scoped.roles), summary(found)),
                                          key + "/" + std::string(*text));
        iam_rules::add_function_locations(finding, scoped.roles);
        iam_rules::attribute_to_policy(finding, policy);
      }
    }
  }
}

} // namespace

const Rule& privilege_escalation()
{
  static const Rule rule{
    .meta = {.id = "LL103",
             .name = "privilege-escalation",
             .family = "iam",
             .level = Level::error,
             .summary = "A Lambda role can escalate its privileges (IAM policy changes, PassRole, AssumeRole, code updates on `*`)",
             .explanation = R"md(## What it does
Reports Allow statements without a Condition that grant, on Resource `*`, an action that lets the
role raise its own privileges: iam:PassRole, iam:CreatePolicyVersion, iam:SetDefaultPolicyVersion,
iam:Attach*Policy, iam:Put*Policy, iam:CreateAccessKey, iam:CreateLoginProfile,
iam:UpdateLoginProfile, iam:AddUserToGroup, iam:UpdateAssumeRolePolicy, sts:AssumeRole,
lambda:UpdateFunctionCode and lambda:UpdateFunctionConfiguration, whether named or reached
through wildcards (`iam:*`, `*`) or a NotAction that does not exclude them. lambda:CreateFunction
counts only when the same statement also grants iam:PassRole: a new function cannot be given a
role without PassRole, so CreateFunction alone raises nothing. AWS
managed policies attached to the role are checked through their own statements.

## Why is this bad?
Whoever controls the function's code (a vulnerable dependency, an injection) can use these actions
to give itself any permission in the account: write a new policy version, attach
AdministratorAccess, pass an admin role to a new function, or assume another role.

## Example
```yaml
- Effect: Allow
  Action: iam:PassRole
  Resource: "*"
```
Name the one role the function passes, and the service it passes it to:
```yaml
- Effect: Allow
  Action: iam:PassRole
  Resource: !GetAtt WorkerRole.Arn
  Condition:
    StringEquals: {iam:PassedToService: states.amazonaws.com}
```
)md",
             .help_uri = "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html",
             .security_severity = 8.8,
             .tags = "security,iam,privilege-escalation"},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::iam
