// LL308 code-call-not-allowed: the handler's code calls an AWS API whose IAM action the function's
// execution role does not allow on the resource the call acts on. The calls come from reading the
// handler file and the local modules it imports (analyzer/code: boto3, AWS SDK for JavaScript v2
// and v3); the actions from the AWS SDK service models and a reviewed table of exceptions
// (analyzer/code/iam_mapping.cpp, each row citing AWS's documentation). A call is checked on the
// resource an environment variable binds it to (`TABLE_NAME: !Ref Orders` read as TableName);
// otherwise it is missing only when the role allows the action on no resource at all.
// Calls that cannot be resolved (a dynamic service name, an unknown method) never fire, nor does
// a resource whose own resource policy may grant the role (that policy is evaluated by the service).
// "An identity-based policy ... must allow the action": https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html

#include "analyzer/code/analysis.h"
#include "rules/common/iam_rule_helpers.h"

#include <filesystem>
#include <map>

namespace lint::rules::permissions {
namespace {

void check(const Model& model, RuleContext& context)
{
  for (const Function& function : model.functions) {
    if (function.execution_role == nullptr || function.code.kind == FunctionCode::Kind::unknown ||
        code::has_unmodelled_grants(model, function)) {
      continue;
    }
    const code::FunctionAnalysis analysis = code::analyse_function(model, function);
    if (analysis.status != code::FunctionAnalysis::Status::analysed) {
      continue;
    }
    const Resource& resource = *function.resource;
    std::map<std::string, int> seen; // fingerprints of repeated calls get a count, never a line
    for (const code::CallNeed& need : analysis.needs) {
      if (need.bound != nullptr && iam_rules::has_resource_policy(model, *need.bound)) {
        continue;
      }
      const code::SdkCall& call = *need.call;
      iam_rules::Requirement requirement;
      for (const std::string& action : need.mapping.actions) {
        requirement.actions.push_back(action);
      }
      requirement.resource = need.resource;
      requirement.resource_label = need.resource_label;
      // The fix grants the missing actions on the resource the call acts on, as `lambdalint
      // policy` writes this call's statement (the same CallNeed), in the file that declares the
      // role: the template or .tf file, while the finding is in the code file.
      requirement.fix_resource_json = need.policy_resource_json;
      const std::string file_name = std::filesystem::path(call.location.file ? call.location.file->path() : "").filename().string();
      std::string fingerprint = fmt::format("{}/{}/{}/{}", resource.id, file_name, fmt::join(need.mapping.actions, ","),
                                            need.bound != nullptr ? need.bound->id : "*");
      if (const int count = ++seen[fingerprint]; count > 1) {
        fingerprint += fmt::format("#{}", count);
      }
      Finding* finding = iam_rules::check_requirement(
        model, context, function, requirement, call.location,
        fmt::format("calls {} {} ({}) in its code", call.service->service_id, call.operation, call.written), fingerprint);
      if (finding == nullptr) {
        continue;
      }
      if (finding->fix && need.bound == nullptr) {
        // The code does not say which resource: the fix can only grant on "*", which a human
        // should narrow to what the code really uses. Shown, never applied.
        finding->fix->applicability = Applicability::display_only;
      }
      // The code file lies in no resource: the finding belongs to the function (baselines, SARIF).
      finding->resource = resource.id;
      if (need.bound != nullptr) {
        finding->related.push_back(
          {need.binding, fmt::format("environment variable {} is bound to '{}'", need.env_name, need.bound->id)});
      }
      finding->related.push_back({is_set(function.handler) ? resource.location(function.handler) : resource.at_id(),
                                  fmt::format("the handler of function '{}'", resource.id)});
    }
  }
}

} // namespace

const Rule& code_call_not_allowed()
{
  static const Rule rule{
    .meta = {.id = "LL308",
             .name = "code-call-not-allowed",
             .family = "permissions",
             .level = Level::error,
             .summary = "The handler's code calls an AWS API that the execution role does not allow",
             .explanation = R"md(## What it does
Reads the function's code (SAM `CodeUri` + `Handler`, CloudFormation inline `Code.ZipFile`,
Terraform `filename` when it is source) and every local module it imports, finds the AWS SDK
calls (boto3 clients, resources, paginators and waiters; AWS SDK for JavaScript v3 commands,
`@aws-sdk/lib-dynamodb` document commands, `paginate*`, and v2 clients), maps each to the IAM
actions it needs (from the AWS SDK service models, plus a reviewed table for the operations whose
action differs from their name: `ListObjectsV2` is `s3:ListBucket`, `HeadObject` is
`s3:GetObject`, SQS `*Batch` is the single action, Bedrock `Converse` is `bedrock:InvokeModel`,
DynamoDB transactions are the item actions, ...), and evaluates the execution role for them.

When the call's resource comes from an environment variable the template binds to a resource
(`TABLE_NAME: !Ref Orders` and `os.environ["TABLE_NAME"]` passed as `TableName`), the role must
allow the action on that resource's ARN; otherwise on some resource. Calls that cannot be
resolved (a service name computed at run time, a client of unknown origin) are never reported, and
neither is a resource whose resource-based policy may grant the role. Code that is not on disk (S3,
an image) is not analysed (`lambdalint policy --verbose` says why). See docs/code-analysis.md.

## Why is this bad?
The deployment succeeds and the first request fails: the SDK raises `AccessDeniedException`
("is not authorized to perform: dynamodb:PutItem on resource ...") at run time.

## Example
```python
table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])

def handler(event, context):
    table.put_item(Item=event)   # the role only allows dynamodb:GetItem
```
Allow the action on the table in the role (`lambdalint policy` prints the whole least-privilege
policy of each function):
```yaml
            - Effect: Allow
              Action: dynamodb:PutItem
              Resource: !GetAtt Orders.Arn
```

## Fix safety
The finding is in the code file; the fix edits the file that declares the role (the edits name
it: SARIF `artifactChanges`, the editor's workspace edit, `--fix`). It grants exactly the missing
actions on the resource the call acts on (the statement `lambdalint policy` prints for the call):
for an `AWS::IAM::Role`, a statement appended to its first inline policy, or a new policy in its
`Policies`; for SAM's generated role, a `Statement` entry in the function's `Policies` (the
property is added when there is none); for a Terraform `aws_iam_role`, a new `aws_iam_role_policy`
block after it. There is no fix when the role is not declared in the input (an imported ARN, a
role in a child module), for flow-style YAML lists, `.tf.json` files, roles whose inline policies
Terraform manages exclusively (`inline_policy`, `aws_iam_role_policies_exclusive`), or when an
explicit Deny or a permissions boundary refuses the actions. It widens permissions, so it is
unsafe: `--fix --unsafe-fixes` applies it; review it. When no environment variable binds the call
to a resource, the statement can only name `"*"`: that fix is display-only (shown in the report,
never applied), to be narrowed by hand to what the code uses.
)md",
             .help_uri = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html",
             .precision = "high",
             .tags = "correctness,iam,code",
             .has_fix = true},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::permissions
