#include "analyzer/code/analysis.h"

#include "analyzer/iam/actions.h"
#include "analyzer/code/code_reader.h"

#include <fmt/format.h>

#include <algorithm>

namespace lint::code {
namespace {

namespace fs = std::filesystem;

/// The request parameter naming the resource a service's calls act on, and the resource types
/// (as the model names them; Terraform's are mapped to these) an environment variable may bind it to.
struct ResourceParameter {
  std::string_view service_key;
  std::string_view parameter;
  std::string_view type;
  std::string_view second_type;     // SAM's own type for the same resource
  std::string_view arn_attribute;   // the GetAtt attribute that is the ARN; "" when Ref is the ARN
  std::string_view iam_resource;    // the resource type in the service authorization reference
  std::string_view label;
};

// Ref / GetAtt return values: the "Return values" section of each resource's CloudFormation page
// (Ref of a topic, state machine or secret is its ARN; of a table, bucket, queue, function or
// stream it is the name or URL). Every one of these parameters accepts the name (or URL) and the
// ARN alike, so either kind of reference binds the resource.
constexpr ResourceParameter k_parameters[] = {
  {"dynamodb", "TableName", "AWS::DynamoDB::Table", "", "Arn", "table", "table"},
  {"s3", "Bucket", "AWS::S3::Bucket", "", "Arn", "bucket", "bucket"},
  {"sqs", "QueueUrl", "AWS::SQS::Queue", "", "Arn", "queue", "queue"},
  {"sns", "TopicArn", "AWS::SNS::Topic", "", "", "topic", "topic"},
  {"lambda", "FunctionName", "AWS::Lambda::Function", "AWS::Serverless::Function", "Arn", "function", "function"},
  {"kinesis", "StreamName", "AWS::Kinesis::Stream", "", "Arn", "stream", "stream"},
};

const ResourceParameter* parameter_for(const SdkService& service)
{
  for (const ResourceParameter& row : k_parameters) {
    if (row.service_key == service.key) {
      return &row;
    }
  }
  return nullptr;
}

/// Whether the catalog lists `resource_type` among the resources an action acts on.
bool acts_on(std::string_view action, std::string_view resource_type)
{
  const auto found = iam::find_action(action);
  if (!found) {
    return false;
  }
  for (const data::IamActionResource& resource : found->action->resource_types) {
    if (resource.resource_type < found->service->resource_types.size() &&
        found->service->resource_types[resource.resource_type].name == resource_type) {
      return true;
    }
  }
  return false;
}

/// The Variables map of the function's environment when it is one known map (not a choice).
const Value* environment_map(const Function& function)
{
  const Value* variables = function.environment_variables;
  return variables != nullptr && variables->kind == ValueKind::map ? variables : nullptr;
}

std::optional<Language> language_of_runtime(const Function& function)
{
  const auto runtime = as_string(function.runtime);
  if (!runtime) {
    return std::nullopt;
  }
  if (runtime->starts_with("python")) {
    return Language::python;
  }
  if (runtime->starts_with("nodejs")) {
    return Language::javascript;
  }
  return std::nullopt;
}

bool is_file(const fs::path& path)
{
  return code_file_exists(path); // an open editor buffer counts (code_reader.h)
}

/// The handler file under `root`: `app.lambda_handler` is app.py (Python modules may be dotted:
/// `pkg.app.handler` is pkg/app.py); `src/index.handler` is src/index.js, .mjs, .cjs, or the
/// TypeScript source .ts that a build step compiles.
std::optional<fs::path> handler_file(const fs::path& root, std::string_view handler, Language& language, bool runtime_known)
{
  const std::size_t dot = handler.rfind('.');
  if (dot == std::string_view::npos || dot == 0) {
    return std::nullopt;
  }
  const std::string module(handler.substr(0, dot));
  if (!runtime_known || language == Language::python) {
    std::string dotted = module;
    std::replace(dotted.begin(), dotted.end(), '.', '/');
    for (const std::string& candidate : {dotted + ".py", module + ".py"}) {
      if (is_file(root / candidate)) {
        language = Language::python;
        return root / candidate;
      }
    }
  }
  if (!runtime_known || language != Language::python) {
    for (const std::string_view extension : {".js", ".mjs", ".cjs", ".ts", ".mts"}) {
      const fs::path candidate = root / (module + std::string(extension));
      if (is_file(candidate)) {
        language = extension.find('t') != std::string_view::npos && extension != ".cjs" ? Language::typescript : Language::javascript;
        return candidate;
      }
    }
  }
  return std::nullopt;
}

/// Inline code is a string inside the template; the readers parse it as a file of its own. Its
/// positions are moved back into the template where the code's line is written verbatim (a block
/// scalar, indented); elsewhere (a quoted string with escapes) they point at the whole value.
Location template_location(const Location& in_code, const SourceFile& code, const Resource& resource, const Value& value)
{
  const Location whole = resource.location(&value);
  if (!whole.file) {
    return whole;
  }
  const SourceFile& file = *whole.file;
  const LineColumn at = code.byte_position(in_code.range.begin);
  const std::string_view code_line = code.line_text(at.line);
  const std::uint32_t first = file.byte_position(value.range.begin).line;
  // A block scalar's content starts on the line after its indicator; look a few lines around.
  for (std::uint32_t line = first + at.line - 1; line <= first + at.line + 1 && line <= file.line_count(); ++line) {
    const std::string_view text = file.line_text(line);
    if (code_line.empty() || text.size() < code_line.size() || !text.ends_with(code_line)) {
      continue;
    }
    const std::uint32_t begin = file.line_start(line) + static_cast<std::uint32_t>(text.size() - code_line.size()) + (at.column - 1);
    const std::uint32_t length = in_code.range.end - in_code.range.begin;
    if (begin >= value.range.begin && begin + length <= value.range.end) {
      return {whole.file, {begin, begin + length}};
    }
  }
  return whole;
}

} // namespace

std::string_view to_string(Language language)
{
  switch (language) {
  case Language::python: return "Python";
  case Language::javascript: return "JavaScript";
  case Language::typescript: return "TypeScript";
  }
  return "?";
}

bool may_call_aws(std::string_view package)
{
  // The SDKs themselves are read; their helpers that send nothing are not libraries that call AWS.
  for (const std::string_view read : {"boto3", "botocore.exceptions", "botocore.config", "aws-sdk", "@aws-sdk/lib-dynamodb",
                                      "@aws-sdk/util-dynamodb", "@aws-sdk/types", "@aws-sdk/s3-request-presigner", "aws-lambda",
                                      "@types/aws-lambda"}) {
    if (package == read) {
      return false;
    }
  }
  if (package.starts_with("@aws-sdk/client-") || package.starts_with("aws-sdk/") || package.starts_with("boto3.")) {
    return false;
  }
  std::string lower(package);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const std::string_view marker : {"aws", "boto", "amazon", "qldb", "dynamo", "pynamodb", "s3fs", "opensearch", "electrodb"}) {
    if (lower.find(marker) != std::string::npos) {
      return true;
    }
  }
  return false;
}

const CodeValue* SdkCall::parameter(std::string_view name) const
{
  for (const auto& [key, value] : parameters) {
    if (key == name) {
      return &value;
    }
  }
  return nullptr;
}

bool has_unmodelled_grants(const Model& model, const Function& function)
{
  if (function.resource->property("Connectors") != nullptr) {
    return true;
  }
  return std::any_of(model.resources.begin(), model.resources.end(),
                     [](const Resource& resource) { return resource.type == "AWS::Serverless::Connector"; });
}

fs::path code_base_directory(const Function& function)
{
  const Value* written = function.code.written;
  const SourceFilePtr& file = written != nullptr && written->file ? written->file : function.resource->file;
  return file ? fs::path(file->path()).parent_path() : fs::path(".");
}

FunctionAnalysis analyse_function(const Model& model, const Function& function)
{
  FunctionAnalysis out;
  const FunctionCode& code = function.code;
  std::optional<Language> runtime_language = language_of_runtime(function);
  if (const auto runtime = as_string(function.runtime); runtime && !runtime_language) {
    out.reason = fmt::format("runtime {} is not read (Python and Node.js are)", *runtime);
    return out;
  }
  switch (code.kind) {
  case FunctionCode::Kind::unknown: out.reason = "the input does not say where the code is"; return out;
  case FunctionCode::Kind::s3_object: out.reason = "the code is an S3 object"; return out;
  case FunctionCode::Kind::image: out.reason = "the code is a container image"; return out;
  case FunctionCode::Kind::inline_source: {
    const auto text = as_string(code.inline_source);
    if (!text || code.inline_source->kind != ValueKind::string) {
      out.reason = "the inline code is not a literal string";
      return out;
    }
    if (!runtime_language) {
      out.reason = "the runtime is not known";
      return out;
    }
    out.language = *runtime_language;
    const Location where = function.resource->location(code.inline_source);
    auto file = std::make_shared<const SourceFile>(where.file ? where.file->path() : std::string("inline"), std::string(*text));
    if (out.language == Language::python) {
      scan_python_text(file, out.scan);
    } else {
      scan_javascript_text(file, out.scan);
    }
    for (SdkCall& call : out.scan.calls) {
      call.location = template_location(call.location, *file, *function.resource, *code.inline_source);
    }
    for (UnresolvedCall& call : out.scan.unresolved) {
      call.location = template_location(call.location, *file, *function.resource, *code.inline_source);
    }
    out.scan.files = {where.file};
    break;
  }
  case FunctionCode::Kind::local_path: {
    const fs::path path = code_base_directory(function) / code.local_path;
    std::error_code error;
    fs::path root = path;
    std::optional<fs::path> entry;
    Language language = runtime_language.value_or(Language::python);
    if (fs::is_directory(path, error)) {
      const auto handler = as_string(function.handler);
      if (!handler) {
        out.reason = "the handler is not known";
        return out;
      }
      entry = handler_file(path, *handler, language, runtime_language.has_value());
      if (!entry) {
        out.reason = fmt::format("the handler file of '{}' is not in {}", *handler, code.local_path);
        return out;
      }
    } else if (is_file(path)) {
      const std::string extension = path.extension().string();
      if (extension == ".py") {
        language = Language::python;
      } else if (extension == ".js" || extension == ".mjs" || extension == ".cjs") {
        language = Language::javascript;
      } else if (extension == ".ts") {
        language = Language::typescript;
      } else {
        out.reason = fmt::format("{} is a built archive, not source", code.local_path);
        return out;
      }
      entry = path;
      root = path.parent_path();
    } else {
      out.reason = fmt::format("{} is not on disk", code.local_path);
      return out;
    }
    out.language = language;
    if (language == Language::python) {
      scan_python(root, *entry, out.scan);
    } else {
      scan_javascript(root, *entry, out.scan);
    }
    if (out.scan.files.empty()) {
      out.reason = fmt::format("{} cannot be read", entry->string());
      return out;
    }
    break;
  }
  }
  out.status = FunctionAnalysis::Status::analysed;

  const Value* variables = environment_map(function);
  const bool terraform = model.format == SourceFormat::terraform;
  ValueArena arena; // synthetic references to the bound resources, read only here
  for (const SdkCall& call : out.scan.calls) {
    if (call.own_credentials) {
      continue; // made with other credentials than the execution role's
    }
    CallNeed need;
    need.call = &call;
    need.mapping = iam_actions_for(*call.service, call.operation);
    if (need.mapping.status == ActionMapping::Status::unmapped) {
      ++out.unmapped;
      continue;
    }
    if (need.mapping.status == ActionMapping::Status::no_permission) {
      continue;
    }
    need.resource = {iam::Piece{iam::Piece::Kind::unknown, "${?}", false}};
    need.resource_label = "any resource";
    need.policy_resource_json = "\"*\"";
    const ResourceParameter* parameter = parameter_for(*call.service);
    const CodeValue* value = parameter != nullptr ? call.parameter(parameter->parameter) : nullptr;
    const ValueEntry* entry = value != nullptr && value->kind == CodeValue::Kind::env && variables != nullptr ? variables->find_entry(value->text) : nullptr;
    const Resource* bound = entry != nullptr ? model.resource_for(entry->value) : nullptr;
    const bool acts = bound != nullptr && std::all_of(need.mapping.actions.begin(), need.mapping.actions.end(), [&](const std::string& action) {
      return acts_on(action, parameter->iam_resource) || (parameter->service_key == "s3" && acts_on(action, "object"));
    });
    if (bound != nullptr && acts && (bound->type == parameter->type || (!parameter->second_type.empty() && bound->type == parameter->second_type))) {
      // Terraform names the ARN attribute `arn` for every one of these resources, and a topic's id is its ARN.
      Value& reference = arena.make(ValueKind::reference, {});
      reference.reference.target = Reference::Target::resource;
      reference.reference.name = bound->id;
      reference.reference.attribute = terraform ? (parameter->arn_attribute.empty() ? "id" : "arn") : std::string(parameter->arn_attribute);
      need.resource = iam::symbolic_text(model, &reference);
      need.object_level = parameter->service_key == "s3" && std::all_of(need.mapping.actions.begin(), need.mapping.actions.end(),
                                                                          [](const std::string& action) { return acts_on(action, "object"); });
      if (need.object_level) {
        need.resource.push_back({iam::Piece::Kind::literal, "/", false});
        need.resource.push_back({iam::Piece::Kind::unknown, "${key}", false});
      }
      need.bound = bound;
      need.env_name = value->text;
      need.binding = function.resource->location(variables, entry->key_range);
      need.resource_label = fmt::format("{} '{}'{}", parameter->label, bound->id, need.object_level ? " (its objects)" : "");
      const std::string suffix = need.object_level ? "/*" : "";
      if (terraform) {
        need.policy_resource_json = fmt::format("\"${{{}.{}}}{}\"", bound->id, reference.reference.attribute, suffix);
      } else if (need.object_level) {
        need.policy_resource_json = fmt::format("{{\"Fn::Sub\": \"${{{}.Arn}}/*\"}}", bound->id);
      } else if (parameter->arn_attribute.empty()) {
        need.policy_resource_json = fmt::format("{{\"Ref\": \"{}\"}}", bound->id);
      } else {
        need.policy_resource_json = fmt::format("{{\"Fn::GetAtt\": [\"{}\", \"{}\"]}}", bound->id, parameter->arn_attribute);
      }
    }
    out.needs.push_back(std::move(need));
  }
  return out;
}

std::string policy_resource_json(const Model& model, const Value* value)
{
  const Value* single = value;
  if (single == nullptr || single->kind == ValueKind::choice) {
    return "\"*\"";
  }
  if (single->kind == ValueKind::string && single->text.starts_with("arn:")) {
    return fmt::format("\"{}\"", single->text);
  }
  if (single->kind != ValueKind::reference || single->reference.target != Reference::Target::resource) {
    return "\"*\"";
  }
  const Reference& reference = single->reference;
  if (model.format == SourceFormat::terraform) {
    return fmt::format("\"${{{}.{}}}\"", reference.name, reference.attribute.empty() ? "id" : reference.attribute);
  }
  if (reference.attribute.empty()) {
    return fmt::format("{{\"Ref\": \"{}\"}}", reference.name);
  }
  return fmt::format("{{\"Fn::GetAtt\": [\"{}\", \"{}\"]}}", reference.name, reference.attribute);
}

std::vector<WiringNeed> wiring_needs(const Model& model, const Function& function, bool& complete)
{
  complete = true;
  std::vector<WiringNeed> out;
  const std::string id = function.resource->id;
  // https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html (AWSLambdaBasicExecutionRole)
  out.push_back({{"logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"}, "writes its logs", "\"*\""});
  if (is_text(function.tracing_mode, "Active")) {
    // https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html
    out.push_back({{"xray:PutTraceSegments", "xray:PutTelemetryRecords"}, "traces with X-Ray", "\"*\""});
  }
  if (is_set(function.vpc_subnet_ids)) {
    // https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html (AWSLambdaVPCAccessExecutionRole)
    out.push_back({{"ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets", "ec2:DeleteNetworkInterface",
                    "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"},
                   "is attached to a VPC", "\"*\""});
  }
  if (is_set(function.kms_key_arn)) {
    out.push_back({{"kms:Decrypt"}, "decrypts its environment with a customer managed key", policy_resource_json(model, function.kms_key_arn)});
  }
  const auto destination = [&](const Value* target, std::string why) {
    const std::string service = arn_service(target);
    const Resource* resource = model.resource_for(target);
    const ResourceKind kind = resource != nullptr ? resource->kind() : ResourceKind::other;
    std::vector<std::string> actions;
    if (kind == ResourceKind::queue || service == "sqs") {
      actions = {"sqs:SendMessage"};
    } else if (kind == ResourceKind::topic || service == "sns") {
      actions = {"sns:Publish"};
    } else if (kind == ResourceKind::function || service == "lambda") {
      actions = {"lambda:InvokeFunction"};
    } else if (kind == ResourceKind::event_bus || service == "events") {
      actions = {"events:PutEvents"};
    } else if (kind == ResourceKind::bucket || service == "s3") {
      actions = {"s3:PutObject", "s3:ListBucket"};
    } else {
      complete = false;
      return;
    }
    out.push_back({std::move(actions), std::move(why), policy_resource_json(model, target)});
  };
  if (is_set(function.dead_letter_target)) {
    destination(function.dead_letter_target, "sends failed events to its dead-letter target");
  }
  for (const EventInvokeConfig& config : model.event_invoke_configs) {
    if (config.function == &function) {
      for (const Value* target : {config.on_failure, config.on_success}) {
        if (is_set(target)) {
          destination(target, fmt::format("sends results to a destination ('{}')", config.resource->id));
        }
      }
    }
  }
  for (const EventSourceMapping& mapping : model.event_source_mappings) {
    if (mapping.function != &function) {
      continue;
    }
    // https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html, with-kinesis.html, with-ddb.html
    const std::string why = fmt::format("reads its event source through '{}'", mapping.resource->id);
    const std::string resource = policy_resource_json(model, mapping.event_source_arn);
    switch (mapping.source_kind) {
    case SourceKind::sqs:
      out.push_back({{"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"}, why, resource});
      if (mapping.queue != nullptr && is_set(mapping.queue->kms_master_key_id)) {
        out.push_back({{"kms:Decrypt"}, why, policy_resource_json(model, mapping.queue->kms_master_key_id)});
      }
      break;
    case SourceKind::kinesis:
      out.push_back({{"kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:DescribeStream", "kinesis:DescribeStreamSummary",
                      "kinesis:ListShards", "kinesis:ListStreams", "kinesis:SubscribeToShard"},
                     why, resource});
      break;
    case SourceKind::dynamodb_stream:
      out.push_back({{"dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:DescribeStream", "dynamodb:ListStreams"}, why, resource});
      break;
    default: complete = false; break;
    }
    if (is_set(mapping.on_failure_destination)) {
      destination(mapping.on_failure_destination, fmt::format("sends failed batches of '{}' to a destination", mapping.resource->id));
    }
  }
  return out;
}

} // namespace lint::code
