// LL005 invalid-value: Lambda settings outside what AWS accepts. AWS rejects the deployment.
//
// Function limits: https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html
//   Timeout 1-900 s, MemorySize 128-10240 MB, EphemeralStorage.Size 512-10240 MB.
// Environment variables: https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html
//   "The total size of all environment variables doesn't exceed 4 KB"; reserved keys from
//   "Defined runtime environment variables" cannot be set.
// Event source mappings:
//   https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-parameters.html (BatchSize max 10,000
//   for standard queues, 10 for FIFO queues)
//   https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html (StartingPosition
//   required for Kinesis and DynamoDB Streams, not supported for SQS; BatchSize 1-10,000 for Kinesis
//   and DynamoDB Streams; MaximumBatchingWindowInSeconds 0-300)
// SQS batching windows: https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-parameters.html
//   ("Batching window is not supported for FIFO queues") and
//   https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html (BatchSize:
//   "When you set BatchSize to a value greater than 10, you must set MaximumBatchingWindowInSeconds
//   to at least 1"; checked for standard queues, where the default of 10 makes it bite).
// Runtimes: rules/common/runtimes.cpp.
// Code in S3: https://docs.aws.amazon.com/lambda/latest/api/API_FunctionCode.html (S3Bucket: length
//   3-63; S3Key: length 1-1024), https://docs.aws.amazon.com/lambda/latest/api/API_LayerVersionContentInput.html.
// Queue and topic policies: the Resource of a statement is an ARN; a string such as "Queue.Arn" is
//   a logical id and attribute written where `!GetAtt Queue.Arn` was meant, and SQS / SNS reject
//   the policy (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html).

#include "analyzer/model.h"
#include "analyzer/rule.h"
#include "rules/common/rule_helpers.h"
#include "rules/common/runtimes.h"
#include "rules/common/undecided_choice.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <array>

namespace lint::rules::health {
namespace {

constexpr std::array<std::string_view, 18> k_reserved_variables{
  "_HANDLER",
  "_X_AMZN_TRACE_ID",
  "AWS_DEFAULT_REGION",
  "AWS_REGION",
  "AWS_EXECUTION_ENV",
  "AWS_LAMBDA_FUNCTION_NAME",
  "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
  "AWS_LAMBDA_FUNCTION_VERSION",
  "AWS_LAMBDA_INITIALIZATION_TYPE",
  "AWS_LAMBDA_LOG_GROUP_NAME",
  "AWS_LAMBDA_LOG_STREAM_NAME",
  "AWS_ACCESS_KEY",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_LAMBDA_RUNTIME_API",
  "LAMBDA_TASK_ROOT",
  "LAMBDA_RUNTIME_DIR",
};

constexpr std::size_t k_environment_limit = 4096; // 4 KB

/// Reports every possible integer value of `value` outside [low, high].
/// `property` is the setting's name as written (messages); `fingerprint_name` its stable name.
void check_range(RuleContext& context, const Resource& resource, const Value* value, std::string_view property,
                 std::string_view fingerprint_name, std::int64_t low, std::int64_t high, std::string_view unit, std::string_view subject)
{
  const auto outside = [&](const Value* possible) {
    const auto number = as_integer(possible);
    return number && (*number < low || *number > high);
  };
  for (const Value* possible : certainly_wrong(value, outside)) {
    const auto number = as_integer(possible);
    Finding& finding = context.report(resource.location(possible),
                                      fmt::format("{} '{}' has {} {}{}, outside the {}-{}{} AWS accepts", subject, resource.id, property, *number,
                                                  unit, low, high, unit),
                                      fmt::format("{}/{}", resource.id, fingerprint_name));
    add_parameter_note(finding, resource, possible);
  }
}

bool is_image(const Function& function)
{
  const auto package_type = as_string(function.package_type);
  return package_type && *package_type == "Image";
}

void check_runtime(RuleContext& context, const Function& function)
{
  const Resource& resource = *function.resource;
  const auto not_a_runtime = [](const Value* possible) {
    // numbers/booleans are not runtimes either, but are not typos of one
    return possible->kind == ValueKind::string && find_runtime(possible->text) == nullptr && !is_possibly_newer_runtime(possible->text);
  };
  for (const Value* possible : certainly_wrong(function.runtime, not_a_runtime)) {
    const std::string_view id = possible->text;
    std::string message = fmt::format("Function '{}' has {} '{}', which is not a Lambda runtime identifier", resource.id, function.names.runtime, id);
    const std::string_view nearest = nearest_runtime(id);
    if (!nearest.empty()) {
      message += fmt::format(" (did you mean {}?)", nearest);
    }
    Finding& finding = context.report(resource.location(possible), std::move(message), resource.id + "/Runtime");
    add_parameter_note(finding, resource, possible);
    // The fix edits the primary location's file, so only when the value is written in the resource's own file.
    if (!nearest.empty() && possible->via_parameter.empty() && possible->range.end > possible->range.begin &&
        (!possible->file || possible->file == resource.file)) {
      const std::string_view written = resource.file->text().substr(possible->range.begin, possible->range.end - possible->range.begin);
      std::string replacement;
      if (written == id) {
        replacement = std::string(nearest);
      } else if (written.size() == id.size() + 2 && written.substr(1, id.size()) == id && (written.front() == '"' || written.front() == '\'')) {
        replacement = fmt::format("{}{}{}", written.front(), nearest, written.back());
      }
      if (!replacement.empty()) {
        finding.fix = Fix{fmt::format("Set {} to {}", function.names.runtime, nearest), {TextEdit{possible->range, std::move(replacement)}}, Applicability::unsafe};
      }
    }
  }
}

/// The smallest number of bytes a value certainly takes: known strings count, unknowns count 0, a
/// choice counts its smallest branch.
std::size_t known_size(const Value* value)
{
  if (value == nullptr) {
    return 0;
  }
  if (value->kind == ValueKind::choice) {
    std::size_t smallest = SIZE_MAX;
    for (const Value* branch : value->items) {
      smallest = std::min(smallest, known_size(branch));
    }
    return smallest == SIZE_MAX ? 0 : smallest;
  }
  if (value->kind == ValueKind::text_template) {
    std::size_t size = 0;
    for (const TemplatePart& part : value->parts) {
      size += part.is_reference ? 0 : part.literal.size();
    }
    return size;
  }
  const auto text = as_string(value);
  return text ? text->size() : 0;
}

void check_environment(RuleContext& context, const Function& function)
{
  const Resource& resource = *function.resource;
  for (const Value* variables : possible_values(function.environment_variables)) {
    if (variables->kind != ValueKind::map) {
      continue;
    }
    std::size_t total = 0;
    for (const ValueEntry& entry : variables->entries) {
      if (std::find(k_reserved_variables.begin(), k_reserved_variables.end(), entry.key) != k_reserved_variables.end() && is_set(entry.value)) {
        context.report(resource.location(variables, entry.key_range),
                       fmt::format("Function '{}' sets the environment variable {}, a key Lambda reserves for its runtime", resource.id, entry.key),
                       fmt::format("{}/Environment/{}", resource.id, entry.key));
      }
      if (is_set(entry.value)) {
        total += entry.key.size() + known_size(entry.value);
      }
    }
    if (total > k_environment_limit) {
      context.report(resource.location(variables),
                     fmt::format("Function '{}' has environment variables of at least {} bytes, over the 4 KB (4096 bytes) Lambda accepts in total",
                                 resource.id, total),
                     resource.id + "/Environment/Size");
    }
  }
}

/// A literal that is a template placeholder, not a value: `<NodeBaseLayer>`, `subnet-{your_subnet_id}`,
/// `REPLACE_ME`, or `${Var}` outside Fn::Sub (CloudFormation passes it through as text).
bool is_placeholder(std::string_view text)
{
  if (text.find('<') != std::string_view::npos && text.find('>') != std::string_view::npos) {
    return true;
  }
  if (text.find('{') != std::string_view::npos && text.find('}') != std::string_view::npos && text.find("{{resolve:") == std::string_view::npos) {
    return true;
  }
  std::string folded(text);
  std::transform(folded.begin(), folded.end(), folded.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (std::string_view marker : {"replace_me", "replaceme", "replace-me", "changeme", "change_me", "your_", "your-"}) {
    if (folded.find(marker) != std::string::npos) {
      return true;
    }
  }
  return false;
}

/// A literal id of the shape AWS validates (`subnet-0123abcd`, `sg-0123abcd`: 8 or 17 hex digits).
bool is_resource_id(std::string_view text, std::string_view prefix)
{
  if (!text.starts_with(prefix)) {
    return false;
  }
  const std::string_view digits = text.substr(prefix.size());
  return (digits.size() == 8 || digits.size() == 17) &&
         std::all_of(digits.begin(), digits.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

/// Literal subnet ids, security group ids, layer ARNs and role ARNs that AWS rejects by their
/// format: placeholders left in the template, ids of the wrong shape. Values from parameter
/// defaults are left alone (a deployment usually overrides them).
void check_placeholders(RuleContext& context, const Function& function)
{
  const Resource& resource = *function.resource;
  auto check = [&](const Value* value, std::string_view setting, std::string_view id_prefix) {
    for (const Value* possible : possible_values(value)) {
      if (possible->kind != ValueKind::string || !possible->via_parameter.empty()) {
        continue;
      }
      const std::string_view text = possible->text;
      const bool placeholder = is_placeholder(text);
      if (!placeholder && (id_prefix.empty() || is_resource_id(text, id_prefix))) {
        continue;
      }
      Finding& finding = context.report(resource.location(possible),
                     fmt::format("Function '{}' has {} '{}', {}", resource.id, setting, text,
                                 placeholder ? "a placeholder left in the template, which AWS rejects"
                                             : fmt::format("which is not a {}... id AWS accepts", id_prefix)),
                     fmt::format("{}/{}/{}", resource.id, setting, text));
      add_parameter_note(finding, resource, possible); // names the function that inherits a SAM Globals value
    }
  };
  auto check_list = [&](const Value* list, std::string_view setting, std::string_view id_prefix) {
    for (const Value* possible : possible_values(list)) {
      for (const Value* item : list_items(possible)) {
        check(item, setting, id_prefix);
      }
    }
  };
  check_list(function.vpc_subnet_ids, function.names.subnet_ids, "subnet-");
  check_list(function.vpc_security_group_ids, function.names.security_group_ids, "sg-");
  check_list(function.layers, function.names.layers, "");
  check(function.role, function.names.role, "");
}

/// `S3Bucket: ""` / `S3Key: ""` in a function's Code or a layer's Content (SAM: CodeUri /
/// ContentUri Bucket and Key) beside a written other half: Lambda rejects an empty bucket name or key.
void check_empty_s3_location(RuleContext& context, const Resource& resource, const S3CodeLocation& location)
{
  auto written_empty = [](const Value* value) { return value->kind == ValueKind::string && value->text.empty() && value->via_parameter.empty(); };
  for (const Value* container : possible_values(location.written)) {
    if (container->kind != ValueKind::map) {
      continue;
    }
    // Both empty is the form packaging tools fill at deployment (the .NET Lambda tools' templates
    // write `"S3Bucket": "", "S3Key": ""`): only one empty beside a written other is a mistake.
    const Value* bucket = container->get(location.bucket);
    const Value* key_value = container->get(location.key);
    if (bucket != nullptr && key_value != nullptr && written_empty(bucket) && written_empty(key_value)) {
      continue;
    }
    for (const std::string_view key : {location.bucket, location.key}) {
      for (const Value* possible : possible_values(container->get(key))) {
        if (!written_empty(possible)) {
          continue;
        }
        const std::string written_as = location.container.empty() ? std::string(key) : fmt::format("{}.{}", location.container, key);
        context.report(resource.location(possible),
                       fmt::format("'{}' has an empty {}, which AWS rejects: the code cannot be fetched", resource.id, written_as),
                       location.container.empty() ? fmt::format("{}/{}/empty", resource.id, key)
                                                  : fmt::format("{}/{}/{}/empty", resource.id, location.container, key));
      }
    }
  }
}

/// The logical id (Terraform address) and attribute of a resource of the unit written as a plain
/// string, "Queue.Arn": `!GetAtt Queue.Arn` was meant. Unambiguous only when the text before the
/// last dot is a declared resource and the attribute is a single word.
const Resource* resource_attribute_literal(const Model& model, std::string_view text)
{
  const std::size_t dot = text.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == text.size()) {
    return nullptr;
  }
  const std::string_view attribute = text.substr(dot + 1);
  if (!std::all_of(attribute.begin(), attribute.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; })) {
    return nullptr;
  }
  const Resource* resource = model.find_resource(text.substr(0, dot));
  return resource != nullptr && !resource->generated ? resource : nullptr;
}

void check_policy_resources(const Model& model, RuleContext& context, const ResourcePolicy& policy)
{
  if (policy.target_kind != ResourceKind::queue && policy.target_kind != ResourceKind::topic) {
    return;
  }
  const std::string_view noun = policy.target_kind == ResourceKind::queue ? "Queue" : "Topic";
  const std::string_view service = policy.target_kind == ResourceKind::queue ? "SQS" : "SNS";
  for (const Statement& statement : policy_statements(policy.document)) {
    std::vector<const Value*> resources;
    for (const Value* possible : possible_values(statement.resource)) {
      if (possible->kind == ValueKind::list) {
        for (const Value* item : list_items(possible)) {
          const std::vector<const Value*> items = possible_values(item);
          resources.insert(resources.end(), items.begin(), items.end());
        }
      } else {
        resources.push_back(possible);
      }
    }
    for (const Value* resource : resources) {
      if (resource->kind != ValueKind::string || !resource->via_parameter.empty()) {
        continue;
      }
      const Resource* named = resource_attribute_literal(model, resource->text);
      if (named == nullptr) {
        continue;
      }
      const std::string_view attribute = std::string_view(resource->text).substr(named->id.size() + 1);
      Finding& finding = context.report(
        policy.resource->location(resource),
        fmt::format("{} policy '{}' has Resource '{}', a literal string, not an ARN: {} rejects the policy ({})", noun, policy.resource->id,
                    resource->text, service,
                    model.template_syntax() ? fmt::format("write !GetAtt {}.{}", named->id, attribute) : fmt::format("write {} without quotes", resource->text)),
        fmt::format("{}/Resource/{}", policy.resource->id, resource->text));
      finding.related.push_back(related_resource(*named, "the resource it names"));
    }
  }
}

bool is_fifo(const EventSourceMapping& mapping)
{
  if (mapping.queue != nullptr && as_bool(mapping.queue->fifo) == true) {
    return true;
  }
  const auto arn = as_string(mapping.event_source_arn);
  return arn && arn->ends_with(".fifo");
}

std::string_view source_name(SourceKind kind)
{
  switch (kind) {
  case SourceKind::kinesis:
    return "Kinesis stream";
  case SourceKind::dynamodb_stream:
    return "DynamoDB stream";
  case SourceKind::sqs:
    return "SQS queue";
  default:
    return "source";
  }
}

/// True when the queue is known to be a standard queue: a declared queue whose FifoQueue is unset
/// or false, or a literal ARN without the .fifo suffix.
bool is_standard(const EventSourceMapping& mapping)
{
  if (mapping.queue != nullptr) {
    return !is_set(mapping.queue->fifo) || as_bool(mapping.queue->fifo) == false;
  }
  const auto arn = as_string(mapping.event_source_arn);
  return arn && !arn->ends_with(".fifo");
}

/// True when no deployment of the mapping has a batching window of at least 1 s: none is written,
/// or every possible value is known and below 1.
bool certainly_no_batching_window(const EventSourceMapping& mapping)
{
  if (!is_set(mapping.maximum_batching_window)) {
    return true;
  }
  for (const Value* possible : possible_values(mapping.maximum_batching_window)) {
    const auto seconds = as_integer(possible);
    if (!seconds || *seconds >= 1) {
      return false;
    }
  }
  return true;
}

template <typename Relate>
void check_sqs_batching_window(RuleContext& context, const EventSourceMapping& mapping, const std::string& source, const Relate& relate_source)
{
  const Resource& resource = *mapping.resource;
  if (is_fifo(mapping)) {
    for (const Value* possible : possible_values(mapping.maximum_batching_window)) {
      const auto seconds = as_integer(possible);
      if (!seconds || *seconds < 1) {
        continue; // 0 is the default: no window
      }
      Finding& finding = context.report(resource.location(possible),
                                        fmt::format("Event source mapping '{}' reads the FIFO queue{} with {} {}, but Lambda supports no batching window for FIFO queues",
                                                    resource.id, source, mapping.maximum_batching_window_name, *seconds),
                                        resource.id + "/MaximumBatchingWindowInSeconds/fifo");
      add_parameter_note(finding, resource, possible);
      relate_source(finding);
    }
    return;
  }
  if (!is_standard(mapping) || !certainly_no_batching_window(mapping)) {
    return;
  }
  for (const Value* possible : possible_values(mapping.batch_size)) {
    const auto size = as_integer(possible);
    if (!size || *size <= 10 || *size > 10000) {
      continue; // above 10,000 is reported as out of range already
    }
    Finding& finding = context.report(
      resource.location(possible),
      fmt::format("Event source mapping '{}' has {} {} for the standard queue{} without a {} of at least 1 s, which AWS requires above 10",
                  resource.id, mapping.batch_size_name, *size, source, mapping.maximum_batching_window_name),
      resource.id + "/BatchSize/window");
    add_parameter_note(finding, resource, possible);
    relate_source(finding);
  }
}

void check_mapping(RuleContext& context, const EventSourceMapping& mapping)
{
  const Resource& resource = *mapping.resource;
  const bool stream = mapping.source_kind == SourceKind::kinesis || mapping.source_kind == SourceKind::dynamodb_stream;
  const std::string source = mapping.source ? fmt::format(" '{}'", mapping.source->id) : std::string();
  auto relate_source = [&](Finding& finding) {
    if (mapping.source != nullptr) {
      finding.related.push_back(related_resource(*mapping.source, fmt::format("the {}", source_name(mapping.source_kind))));
    }
  };
  if (stream && mapping.starting_position == nullptr) {
    Finding& finding = context.report(resource.at_id(),
                                      fmt::format("Event source mapping '{}' reads the {}{} but sets no {}, which AWS requires for streams",
                                                  resource.id, source_name(mapping.source_kind), source, mapping.starting_position_name),
                                      resource.id + "/StartingPosition");
    relate_source(finding);
  }
  if (mapping.source_kind == SourceKind::sqs) {
    for (const Value* possible : possible_values(mapping.starting_position)) {
      if (possible->kind == ValueKind::unknown) {
        continue;
      }
      Finding& finding = context.report(resource.location(possible),
                                        fmt::format("Event source mapping '{}' reads the SQS queue{} but sets {}, which AWS rejects for SQS",
                                                    resource.id, source, mapping.starting_position_name),
                                        resource.id + "/StartingPosition");
      relate_source(finding);
    }
  }
  if (mapping.source_kind == SourceKind::sqs || stream) {
    const bool fifo = mapping.source_kind == SourceKind::sqs && is_fifo(mapping);
    const std::int64_t maximum = fifo ? 10 : 10000;
    for (const Value* possible : possible_values(mapping.batch_size)) {
      const auto size = as_integer(possible);
      if (!size || (*size >= 1 && *size <= maximum)) {
        continue;
      }
      Finding& finding = context.report(
        resource.location(possible),
        fmt::format("Event source mapping '{}' has {} {}, outside the 1-{} AWS accepts for {}{}", resource.id, mapping.batch_size_name, *size, maximum,
                    fifo ? "a FIFO queue" : (mapping.source_kind == SourceKind::sqs ? "a standard queue" : "a stream"), source),
        resource.id + "/BatchSize");
      add_parameter_note(finding, resource, possible);
      relate_source(finding);
    }
  }
  if (mapping.source_kind == SourceKind::sqs) {
    check_sqs_batching_window(context, mapping, source, relate_source);
  }
  for (const Value* possible : possible_values(mapping.maximum_batching_window)) {
    const auto seconds = as_integer(possible);
    if (!seconds || (*seconds >= 0 && *seconds <= 300)) {
      continue;
    }
    Finding& finding = context.report(resource.location(possible),
                                      fmt::format("Event source mapping '{}' has {} {}, outside the 0-300 s AWS accepts",
                                                  resource.id, mapping.maximum_batching_window_name, *seconds),
                                      resource.id + "/MaximumBatchingWindowInSeconds");
    add_parameter_note(finding, resource, possible);
  }
}

void check(const Model& model, RuleContext& context)
{
  for (const Function& function : model.functions) {
    const Resource& resource = *function.resource;
    const FunctionNames& names = function.names;
    check_range(context, resource, function.timeout, names.timeout, "Timeout", 1, 900, " s", "Function");
    check_range(context, resource, function.memory_size, names.memory_size, "MemorySize", 128, 10240, " MB", "Function");
    check_range(context, resource, function.ephemeral_storage, names.ephemeral_storage, "EphemeralStorage.Size", 512, 10240, " MB",
                "Function");
    if (!is_image(function)) {
      check_runtime(context, function);
    }
    check_environment(context, function);
    check_placeholders(context, function);
  }
  for (const EventSourceMapping& mapping : model.event_source_mappings) {
    check_mapping(context, mapping);
  }
  for (const Function& function : model.functions) {
    check_empty_s3_location(context, *function.resource, function.s3_code);
  }
  for (const Layer& layer : model.layers) {
    check_empty_s3_location(context, *layer.resource, layer.content);
  }
  for (const ResourcePolicy& policy : model.resource_policies) {
    check_policy_resources(model, context, policy);
  }
}

} // namespace

const Rule& invalid_value()
{
  static const Rule rule{
    .meta = {.id = "LL005",
             .name = "invalid-value",
             .family = "health",
             .level = Level::error,
             .summary = "A Lambda, event source mapping or queue/topic policy setting is outside what AWS accepts",
             .explanation = R"md(## What it does
Checks function and event source mapping settings against the limits the Lambda API enforces:
`Timeout` 1-900 s, `MemorySize` 128-10240 MB, `EphemeralStorage.Size` 512-10240 MB, a `Runtime` that
is a Lambda runtime identifier, environment variables of at most 4 KB in total and none of the
keys Lambda reserves (`AWS_REGION`, `AWS_LAMBDA_FUNCTION_NAME`, `_HANDLER`, ...), literal subnet and
security group ids of the shape AWS validates (`subnet-` / `sg-` and 8 or 17 hex digits), and no
placeholder left in them or in layer and role ARNs (`<NodeBaseLayer>`, `subnet-{your_subnet_id}`,
`REPLACE_ME`, `${Var}` outside `Fn::Sub`). For event source mappings: `StartingPosition` present for
Kinesis and DynamoDB streams and absent for SQS, `BatchSize` at most 10 for a FIFO queue and
1-10000 for standard queues and streams, `MaximumBatchingWindowInSeconds` at most 300, at least 1 s
for a standard queue read in batches of more than 10, and not set (or 0) for a FIFO queue, which
supports no batching window. A function's or layer's code in S3 with an empty `S3Bucket` or `S3Key`
beside a written other half (SAM: `CodeUri` / `ContentUri` `Bucket` and `Key`; Terraform: the
`s3_bucket` / `s3_key` of an `aws_lambda_function`, which the provider passes on as written; both empty is the
form packaging tools such as the .NET Lambda tools fill at deployment, and is not reported). A queue or topic policy whose statement's
`Resource` is a string naming a resource of the template and an attribute (`Queue.Arn`), where
`!GetAtt Queue.Arn` was meant. Every branch of an `Fn::If` is checked; values that cannot be known
(parameters without defaults, imports), and values from parameter defaults for ids and ARNs (a
deployment usually overrides them), are not.

## Why is this bad?
AWS rejects the function or the mapping and the stack update rolls back.

## Example
```yaml
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.1O
      Timeout: 1200
      Environment:
        Variables:
          AWS_REGION: eu-west-1
```
Use values AWS accepts:
```yaml
      Runtime: python3.12
      Timeout: 900
```

## Fix safety
A misspelt `Runtime` gets a fix that writes the nearest runtime identifier. It is unsafe: the
suggestion may not be the runtime the code was written for.
)md",
             .help_uri = "https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html",
             .precision = "very-high",
             .tags = "correctness,lambda",
             .has_fix = true},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::health
