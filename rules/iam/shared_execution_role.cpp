// LL108 shared-execution-role: one execution role serves several functions whose event sources
// need different permissions (one reads queue A, another stream B), so each function holds the
// permissions of all the others.
// AWS's guidance for execution roles and for IAM: grant each identity only what its task needs
// (the page has a section on granting the execution role least privilege):
// https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
//
// A function's needs are the event sources its mappings read (the permissions LL301 checks); a
// mapping whose source cannot be named makes that function's needs unknown, and it is left out.

#include "rules/common/iam_rule_helpers.h"

#include <set>

namespace lint::rules::iam {
namespace {

std::string_view kind_name(SourceKind kind)
{
  switch (kind) {
  case SourceKind::sqs: return "queue";
  case SourceKind::kinesis: return "stream";
  case SourceKind::dynamodb_stream: return "table stream";
  case SourceKind::kafka: return "Kafka cluster";
  case SourceKind::mq: return "broker";
  case SourceKind::documentdb: return "DocumentDB cluster";
  case SourceKind::unknown: break;
  }
  return "source";
}

/// The event sources a function reads, as "queue 'Jobs'"; nullopt when one cannot be named.
std::optional<std::set<std::string>> event_source_needs(const Model& model, const Function& function)
{
  std::set<std::string> needs;
  for (const EventSourceMapping& mapping : model.event_source_mappings) {
    if (mapping.function != &function) {
      continue;
    }
    if (mapping.source_kind == SourceKind::unknown) {
      return std::nullopt;
    }
    if (mapping.source != nullptr) {
      needs.insert(fmt::format("{} '{}'", kind_name(mapping.source_kind), mapping.source->id));
    } else if (const std::optional<std::string> arn = name_text(mapping.event_source_arn)) {
      needs.insert(fmt::format("{} '{}'", kind_name(mapping.source_kind), *arn));
    } else {
      return std::nullopt;
    }
  }
  return needs;
}

void check(const Model& model, RuleContext& context)
{
  for (const Role& role : model.roles) {
    if (role.functions.size() < 2 || !iam_rules::in_scope(role, context.options())) {
      continue;
    }
    std::vector<std::pair<const Function*, std::set<std::string>>> known;
    std::set<std::set<std::string>> distinct;
    for (const Function* function : role.functions) {
      std::optional<std::set<std::string>> needs = event_source_needs(model, *function);
      if (needs && !needs->empty()) {
        distinct.insert(*needs);
        known.emplace_back(function, std::move(*needs));
      }
    }
    if (distinct.size() < 2) {
      continue; // identical or unknown needs: one role is what they need
    }
    std::vector<std::string> described;
    for (const auto& [function, needs] : known) {
      described.push_back(fmt::format("'{}' reads {}", function->resource->id, fmt::join(needs, ", ")));
    }
    Finding& finding = context.report(
      role.location,
      fmt::format("Role '{}' is the execution role of {} functions whose event sources differ ({}): each can use the others' "
                  "permissions; give each function its own role",
                  role.id, role.functions.size(), fmt::join(described, "; ")),
      role.id);
    iam_rules::add_function_locations(finding, {&role});
  }
}

} // namespace

const Rule& shared_execution_role()
{
  static const Rule rule{
    .meta = {.id = "LL108",
             .name = "shared-execution-role",
             .family = "iam",
             .level = Level::note,
             .summary = "One execution role serves several functions that read different event sources",
             .explanation = R"md(## What it does
Reports an execution role used by several functions when at least two of them read different event
sources through event source mappings (SQS queues, Kinesis or DynamoDB streams, Kafka, MQ): one
reads queue A, another stream B. Functions whose sources are identical, or whose sources cannot be
named (an imported ARN, a parameter), are not a reason to report.

## Why is this bad?
The role must allow the union of what the functions need, so each function can read the other
functions' queues and streams. A bug or compromised dependency in one function reaches the data of
all of them, and the policy grows with every function added.

## Example
```yaml
OrdersFn:
  Type: AWS::Lambda::Function
  Properties:
    Role: !GetAtt SharedRole.Arn
ClicksFn:
  Type: AWS::Lambda::Function
  Properties:
    Role: !GetAtt SharedRole.Arn
OrdersMapping:
  Type: AWS::Lambda::EventSourceMapping
  Properties:
    FunctionName: !Ref OrdersFn
    EventSourceArn: !GetAtt OrdersQueue.Arn
ClicksMapping:
  Type: AWS::Lambda::EventSourceMapping
  Properties:
    FunctionName: !Ref ClicksFn
    EventSourceArn: !GetAtt ClickStream.Arn
```
Give `OrdersFn` a role that reads `OrdersQueue` and `ClicksFn` a role that reads `ClickStream`:
```yaml
OrdersFn:
  Type: AWS::Lambda::Function
  Properties:
    Role: !GetAtt OrdersRole.Arn
ClicksFn:
  Type: AWS::Lambda::Function
  Properties:
    Role: !GetAtt ClicksRole.Arn
```
)md",
             .help_uri = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html",
             .security_severity = 3.0,
             .tags = "security,iam,least-privilege"},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::iam
