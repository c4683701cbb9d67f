// LL002 duplicate-key: a mapping has the same key twice. CloudFormation does not reject the
// template: its parser keeps the later value and silently drops the earlier one, so what gets
// deployed is not what a reader of the first occurrence sees. The parsers record the problem; the
// message says what really happens.

#include "analyzer/model.h"
#include "analyzer/rule.h"
#include "rules/common/rule_helpers.h"

#include <string_view>

namespace lint::rules::health {
namespace {

// The parsers' wording for the consequence, replaced by what CloudFormation really does.
constexpr std::string_view k_parser_reason = " (CloudFormation rejects templates with duplicate keys)";

void check(const Model& model, RuleContext& context)
{
  for (const ModelProblem& problem : model.problems) {
    if (problem.rule_id != context.rule().meta.id) {
      continue;
    }
    std::string message = problem.message;
    if (message.ends_with(k_parser_reason)) {
      // A template's key: CloudFormation keeps the later value. (The Terraform front end's own
      // message says that Terraform rejects the configuration.)
      message.resize(message.size() - k_parser_reason.size());
      message += ": the later value silently wins in what CloudFormation deploys and the first one is ignored";
    }
    // The fingerprint stays the parser's, so existing baselines keep matching.
    Finding& finding = context.report(problem.location, std::move(message), problem.fingerprint);
    finding.related = problem.related;
  }
}

} // namespace

const Rule& duplicate_key()
{
  static const Rule rule{
    .meta = {.id = "LL002",
             .name = "duplicate-key",
             .family = "health",
             .level = Level::error,
             .summary = "A mapping or object has the same key twice",
             .explanation = R"md(## What it does
Reports a key that appears a second time in the same YAML mapping or JSON object, at the second
occurrence, with the first one as a related location.

## Why is this bad?
CloudFormation accepts the template and keeps the later value: the first one is silently dropped
from what gets deployed. A reviewer who reads the first occurrence (or a tool that keeps the first
value, as some JSON readers do) sees a different template from the one AWS deploys. That silent
divergence is why this is an error even though the deployment succeeds.

## Example
```yaml
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Timeout: 30
      MemorySize: 512
      Timeout: 60
```
Keep one of the two:
```yaml
    Properties:
      Timeout: 60
      MemorySize: 512
```
)md",
             .help_uri = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html",
             .precision = "very-high",
             .tags = "correctness"},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::health
