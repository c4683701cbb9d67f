#include "analyzer/cdk/assembly.h"

#include "analyzer/cfn/frontend.h"
#include "support/read_file.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

namespace lint::cdk {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view k_template_suffix = ".template.json";
constexpr std::size_t k_max_manifest_bytes = 64U << 20U; // a manifest with traces of thousands of constructs
constexpr int k_max_assembly_depth = 16;                   // assembly-*/assembly-*/... nesting

bool is_file(const fs::path& path)
{
  std::error_code ignored;
  return fs::is_regular_file(path, ignored);
}

/// The folder of the app: the directory holding cdk.json above the assembly, else the one that
/// holds the outermost assembly directory (`cdk.out`'s parent).
fs::path project_folder(const fs::path& assembly)
{
  fs::path outermost = assembly;
  for (int depth = 0; depth < k_max_assembly_depth && is_file(outermost.parent_path() / "manifest.json"); ++depth) {
    outermost = outermost.parent_path();
  }
  fs::path candidate = outermost.parent_path();
  for (fs::path at = candidate; !at.empty(); at = at.parent_path()) {
    if (is_file(at / "cdk.json")) {
      return at;
    }
    if (at == at.parent_path()) {
      break;
    }
  }
  return candidate.empty() ? fs::path(".") : candidate;
}

/// A trace path of the machine that ran `cdk synth`, mapped into the project folder by its longest
/// suffix that names a file there (/home/ci/build/app/lib/stack.ts → <project>/lib/stack.ts).
std::optional<fs::path> mapped_into(const fs::path& project, const std::string& trace_path)
{
  const fs::path written(trace_path);
  if (written.is_relative() && is_file(project / written)) {
    return project / written;
  }
  std::vector<fs::path> parts;
  for (const fs::path& part : written.relative_path()) {
    parts.push_back(part);
  }
  for (std::size_t skip = 0; skip < parts.size(); ++skip) {
    fs::path suffix;
    for (std::size_t i = skip; i < parts.size(); ++i) {
      suffix /= parts[i];
    }
    if (is_file(project / suffix)) {
      return project / suffix;
    }
  }
  return std::nullopt;
}

bool is_library_path(std::string_view path)
{
  for (const std::string_view marker : {"node_modules", "site-packages", "dist-packages", "jsii", "/.venv/", "<anonymous>"}) {
    if (path.find(marker) != std::string_view::npos) {
      return true;
    }
  }
  return path.starts_with("node:") || path.starts_with("internal/") || path.find('/') == std::string_view::npos;
}

std::optional<std::uint32_t> number_at(std::string_view text)
{
  std::uint32_t value = 0;
  bool any = false;
  for (const char c : text) {
    if (c < '0' || c > '9' || value > 100'000'000) {
      break;
    }
    value = value * 10 + static_cast<std::uint32_t>(c - '0');
    any = true;
  }
  return any ? std::optional<std::uint32_t>(value) : std::nullopt;
}

/// `path:line:column` (Node.js) → frame.
std::optional<Frame> node_location(std::string_view text)
{
  if (text.starts_with("file://")) {
    text.remove_prefix(7);
  }
  const std::size_t last = text.rfind(':');
  if (last == std::string_view::npos || last == 0) {
    return std::nullopt;
  }
  const std::size_t before = text.rfind(':', last - 1);
  if (before == std::string_view::npos) {
    return std::nullopt;
  }
  const auto line = number_at(text.substr(before + 1));
  const auto column = number_at(text.substr(last + 1));
  if (!line || !column) {
    return std::nullopt;
  }
  return Frame{std::string(text.substr(0, before)), *line, *column};
}

std::optional<Frame> parse_frame(std::string_view frame)
{
  while (!frame.empty() && (frame.front() == ' ' || frame.front() == '\t')) {
    frame.remove_prefix(1);
  }
  if (frame.starts_with("File \"")) { // Python: File "/app/stack.py", line 12, in __init__
    const std::size_t close = frame.find('"', 6);
    const std::size_t line_at = frame.find(", line ", close == std::string_view::npos ? frame.size() : close);
    if (close == std::string_view::npos || line_at == std::string_view::npos) {
      return std::nullopt;
    }
    const auto line = number_at(frame.substr(line_at + 7));
    return line ? std::optional<Frame>(Frame{std::string(frame.substr(6, close - 6)), *line, 1}) : std::nullopt;
  }
  if (frame.starts_with("at ")) {
    frame.remove_prefix(3);
  }
  if (frame.ends_with(")")) { // "new OrdersStack (/app/lib/orders-stack.ts:25:21)"
    const std::size_t open = frame.rfind('(');
    if (open == std::string_view::npos) {
      return std::nullopt;
    }
    return node_location(frame.substr(open + 1, frame.size() - open - 2));
  }
  return node_location(frame);
}

std::vector<std::string> strings_of(const nlohmann::json& json)
{
  std::vector<std::string> out;
  if (json.is_array()) {
    for (const nlohmann::json& item : json) {
      if (item.is_string()) {
        out.push_back(item.get<std::string>());
      }
    }
  }
  return out;
}

/// What a manifest says of the constructs of its stacks, by construct path
/// ("/OrdersStack/Handler/Resource"): the creation trace (the newer `aws:cdk:creationStack` entry
/// wins over the older `trace` of the `aws:cdk:logicalId` entry) and the logical id. Nested
/// stacks' resources are listed under their parent stack.
struct Constructs {
  std::map<std::string, std::vector<std::string>> traces;
  std::map<std::string, std::string> path_of_id; // logical id → construct path, when only one construct has it
};

Constructs read_manifest(const fs::path& manifest_path)
{
  Constructs constructs;
  std::set<std::string> ambiguous;
  auto& traces = constructs.traces;
  const ReadResult read = read_regular_file(manifest_path, k_max_manifest_bytes);
  if (!read.text) {
    return constructs;
  }
  const nlohmann::json manifest = nlohmann::json::parse(*read.text, nullptr, false);
  const auto artifacts = manifest.is_object() ? manifest.find("artifacts") : manifest.end();
  if (!manifest.is_object() || artifacts == manifest.end() || !artifacts->is_object()) {
    return constructs;
  }
  for (const auto& [name, artifact] : artifacts->items()) {
    const auto metadata = artifact.is_object() ? artifact.find("metadata") : artifact.end();
    if (!artifact.is_object() || metadata == artifact.end() || !metadata->is_object()) {
      continue;
    }
    for (const auto& [path, entries] : metadata->items()) {
      if (!entries.is_array()) {
        continue;
      }
      std::vector<std::string> chosen;
      for (const nlohmann::json& entry : entries) {
        if (!entry.is_object()) {
          continue;
        }
        const std::string type = entry.value("type", std::string());
        if (type == "aws:cdk:creationStack") {
          chosen = strings_of(entry.contains("data") ? entry["data"] : nlohmann::json());
          break;
        }
        if (type == "aws:cdk:logicalId" && entry.contains("data") && entry["data"].is_string() && path.size() > 1) {
          const std::string id = entry["data"].get<std::string>();
          if (!constructs.path_of_id.emplace(id, path.substr(1)).second) {
            ambiguous.insert(id);
          }
        }
        if (type == "aws:cdk:logicalId" && entry.contains("trace") && chosen.empty()) {
          chosen = strings_of(entry["trace"]);
        }
      }
      if (!chosen.empty()) {
        traces[path] = std::move(chosen);
      }
    }
  }
  for (const std::string& id : ambiguous) {
    constructs.path_of_id.erase(id);
  }
  return constructs;
}

/// The user's source files, read once per unit.
class SourceFiles {
public:
  const SourceFile* get(const fs::path& path)
  {
    const std::string key = path.string();
    if (const auto found = m_files.find(key); found != m_files.end()) {
      return found->second.get();
    }
    ReadResult read = read_regular_file(path);
    SourceFilePtr& file = m_files[key];
    if (read.text) {
      file = std::make_shared<const SourceFile>(key, std::move(*read.text));
    }
    return file.get();
  }
  SourceFilePtr shared(const fs::path& path) const
  {
    const auto found = m_files.find(path.string());
    return found != m_files.end() ? found->second : nullptr;
  }

private:
  std::map<std::string, SourceFilePtr> m_files;
};

/// The statement of a frame's line, from its column to the line's end (trailing spaces dropped).
Location location_of(const SourceFilePtr& file, const Frame& frame)
{
  if (frame.line == 0 || frame.line > file->line_count()) {
    return {file, {}};
  }
  const std::string_view text = file->line_text(frame.line);
  const std::uint32_t start = file->line_start(frame.line);
  std::uint32_t column = frame.column > 0 ? frame.column - 1 : 0;
  if (column >= text.size()) {
    column = 0;
  }
  std::size_t end = text.size();
  while (end > column && (text[end - 1] == ' ' || text[end - 1] == '\t' || text[end - 1] == '\r')) {
    --end;
  }
  std::size_t begin = column;
  while (begin < end && (text[begin] == ' ' || text[begin] == '\t')) {
    ++begin;
  }
  return {file, {start + static_cast<std::uint32_t>(begin), start + static_cast<std::uint32_t>(end)}};
}

// What CDK's grant methods put in a role's DefaultPolicy. aws-cdk-lib/aws-dynamodb/lib/perms.ts
// (READ_DATA_ACTIONS, WRITE_DATA_ACTIONS, DESCRIBE_TABLE, READ_STREAM_DATA_ACTIONS; grantReadData,
// grantWriteData and grantReadWriteData add DescribeTable), aws-cdk-lib/aws-sqs/lib/perms.ts
// (grantConsumeMessages, grantSendMessages, grantPurge), aws-cdk-lib/aws-s3/lib/perms.ts
// (grantRead, grantWrite, grantPut, grantDelete). A statement whose actions are exactly a union
// of these sets, in a DefaultPolicy, was written by a grant: its actions are CDK's, not the
// author's (dynamodb:GetRecords is granted on the table, where it applies to nothing).
struct Grant {
  std::string_view name;
  std::vector<std::string_view> actions;
};
const std::vector<Grant>& grants()
{
  static const std::vector<Grant> known = {
    {"grantReadWriteData", {"dynamodb:BatchGetItem", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:Query", "dynamodb:GetItem",
                            "dynamodb:Scan", "dynamodb:ConditionCheckItem", "dynamodb:BatchWriteItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
                            "dynamodb:DeleteItem", "dynamodb:DescribeTable"}},
    {"grantReadData", {"dynamodb:BatchGetItem", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:Query", "dynamodb:GetItem",
                       "dynamodb:Scan", "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable"}},
    {"grantWriteData", {"dynamodb:BatchWriteItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:DescribeTable"}},
    {"grantStreamRead", {"dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"}},
    {"grantConsumeMessages", {"sqs:ReceiveMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueUrl", "sqs:DeleteMessage", "sqs:GetQueueAttributes"}},
    {"grantSendMessages", {"sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"}},
    {"grantPurge", {"sqs:PurgeQueue", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"}},
    {"grantRead", {"s3:GetObject*", "s3:GetBucket*", "s3:List*"}},
    {"grantPut", {"s3:PutObject", "s3:PutObjectLegalHold", "s3:PutObjectRetention", "s3:PutObjectTagging", "s3:PutObjectVersionTagging", "s3:Abort*"}},
    {"grantDelete", {"s3:DeleteObject*"}},
  };
  return known;
}

/// The grants whose union is exactly the statement's actions; empty when there is none.
std::vector<std::string_view> grants_of(const Statement& statement)
{
  std::set<std::string> actions;
  if (const auto single = as_string(statement.action)) {
    actions.emplace(*single);
  }
  for (const Value* item : list_items(statement.action)) {
    const auto text = as_string(item);
    if (!text) {
      return {};
    }
    actions.emplace(*text);
  }
  if (actions.empty() || statement.not_action != nullptr || !is_text(statement.effect, "Allow")) {
    return {};
  }
  // Largest grants first; a grant counts when it is wholly in the statement and adds actions.
  std::vector<const Grant*> ordered;
  for (const Grant& grant : grants()) {
    ordered.push_back(&grant);
  }
  std::stable_sort(ordered.begin(), ordered.end(), [](const Grant* a, const Grant* b) { return a->actions.size() > b->actions.size(); });
  std::set<std::string> covered;
  std::vector<std::string_view> names;
  for (const Grant* grant : ordered) {
    const bool all = std::all_of(grant->actions.begin(), grant->actions.end(), [&](std::string_view action) { return actions.contains(std::string(action)); });
    const bool adds = std::any_of(grant->actions.begin(), grant->actions.end(), [&](std::string_view action) { return !covered.contains(std::string(action)); });
    if (all && adds) {
      names.push_back(grant->name);
      covered.insert(grant->actions.begin(), grant->actions.end());
    }
  }
  return covered == actions ? names : std::vector<std::string_view>{};
}

std::string text_of(const Value* metadata, std::string_view key)
{
  const auto text = as_string(metadata != nullptr ? metadata->get(key) : nullptr);
  return text ? std::string(*text) : std::string();
}

} // namespace

bool is_assembly_template(std::string_view path)
{
  if (!path.ends_with(k_template_suffix)) {
    return false;
  }
  const fs::path directory = fs::path(path).parent_path();
  return is_file((directory.empty() ? fs::path(".") : directory) / "manifest.json");
}

std::string construct_name(std::string_view path)
{
  for (const std::string_view leaf : {"/Resource", "/Default"}) {
    if (path.ends_with(leaf) && path.size() > leaf.size()) {
      path.remove_suffix(leaf.size());
      break;
    }
  }
  return std::string(path);
}

std::optional<Frame> user_frame(const std::vector<std::string>& trace)
{
  for (const std::string& text : trace) {
    std::optional<Frame> frame = parse_frame(text);
    if (frame && !is_library_path(frame->path)) {
      return frame;
    }
  }
  return std::nullopt;
}

BuiltUnit build_stack(const FrontendInput& input)
{
  BuiltUnit built;
  built.model = cfn::build_model(input.document());
  built.editable = false; // the template is generated: the fix belongs in the app's code
  Model& model = *built.model;
  fs::path assembly = fs::path(input.path()).parent_path();
  if (assembly.empty()) {
    assembly = ".";
  }
  const Constructs constructs = read_manifest(assembly / "manifest.json");
  const auto& traces = constructs.traces;
  const fs::path project = project_folder(assembly);
  SourceFiles sources;
  auto map = std::make_shared<SourceMap>();
  map->name_kind = "construct";

  std::map<const Resource*, std::string> paths;
  for (const Resource& resource : model.resources) {
    std::string path = text_of(resource.metadata, "aws:cdk:path");
    if (path.empty()) { // synthesized without path metadata: the manifest still knows the construct
      const auto found = constructs.path_of_id.find(resource.id);
      if (found == constructs.path_of_id.end()) {
        continue;
      }
      path = found->second;
    }
    paths[&resource] = path;
    SourceMap::Origin origin{resource.file, resource.range, resource.id, construct_name(path), std::nullopt};
    if (const auto trace = traces.find("/" + path); trace != traces.end()) {
      if (const std::optional<Frame> frame = user_frame(trace->second)) {
        if (const auto file = mapped_into(project, frame->path); file && sources.get(*file) != nullptr) {
          origin.written = location_of(sources.shared(*file), *frame);
        }
      }
    }
    map->resources.push_back(std::move(origin));
  }

  // Settings are named as the construct props that set them, the same in the L2 constructs and
  // the L1 Cfn* classes (lambda.Function's `timeout`, sqs.Queue's `visibilityTimeout`), since the
  // finding points at the code that creates the construct.
  for (Queue& queue : model.queues) {
    queue.names.visibility_timeout = "visibilityTimeout";
  }
  for (EventSourceMapping& mapping : model.event_source_mappings) {
    mapping.batch_size_name = "batchSize";
  }
  // A function's code asset: a directory of the assembly (aws:asset:path, relative to it).
  for (Function& function : model.functions) {
    function.names.timeout = "timeout";
    function.names.memory_size = "memorySize";
    function.names.runtime = "runtime";
    function.names.reserved_concurrency = "reservedConcurrentExecutions";
    const Value* asset = function.resource->metadata != nullptr ? function.resource->metadata->get("aws:asset:path") : nullptr;
    if (const auto path = as_string(asset); path && !path->empty()) {
      function.code.kind = FunctionCode::Kind::local_path;
      function.code.local_path = std::string(*path);
      function.code.written = asset;
    }
  }

  // Grant statements CDK wrote into a role's DefaultPolicy.
  for (const Policy& policy : model.policies) {
    const auto path = policy.resource != nullptr ? paths.find(policy.resource) : paths.end();
    if (path == paths.end() || !construct_name(path->second).ends_with("/DefaultPolicy")) {
      continue;
    }
    for (const Statement& statement : policy.statements) {
      const std::vector<std::string_view> names = grants_of(statement);
      if (!names.empty() && statement.value != nullptr) {
        map->generated.push_back({policy.resource->location(statement.value),
                                  fmt::format("written by CDK's {} in '{}'", fmt::join(names, " and "), construct_name(path->second))});
      }
    }
  }
  built.source_map = std::move(map);
  return built;
}

} // namespace lint::cdk
