#include "analyzer/serverless/translate.h"

#include "analyzer/serverless/function_properties.h"

#include "analyzer/cfn/frontend.h"
#include "support/read_file.h"

#include <fmt/format.h>

#include <cctype>
#include <deque>
#include <filesystem>
#include <map>
#include <set>

// What the Serverless Framework compiles, as read in its source (serverless/serverless,
// lib/plugins/aws/package/): lib/naming.js (logical ids), compile/functions.js (function
// properties, provider settings as defaults), lib/merge-iam-templates.js (IamRoleLambdaExecution:
// the logs statements on /aws/lambda/<service>-<stage>*, the user's iam.role.statements,
// managedPolicies, permissionsBoundary, the VPC managed policy), compile/events/*.js (each event's
// resources and the statements sqs.js, stream.js, msk.js, kafka.js, activemq.js and rabbitmq.js
// add to the shared role). Variables: https://www.serverless.com/framework/docs/providers/aws/guide/variables

namespace lint::serverless {
namespace fs = std::filesystem;
namespace {

constexpr int k_max_variable_depth = 16;   // ${self:a} → ${self:b} → ...
constexpr int k_max_copy_depth = 128;      // nesting of a tree copied by a variable
constexpr std::size_t k_max_nodes = 500'000; // nodes one configuration may synthesize

std::string normalized_name(std::string_view name)
{
  std::string out;
  for (const char c : name) {
    if (c == '-') {
      out += "Dash";
    } else if (c == '_') {
      out += "Underscore";
    } else {
      out += c;
    }
  }
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') {
    out[0] = static_cast<char>(out[0] - 'a' + 'A');
  }
  return out;
}

/// lib/naming.js normalizeNameToAlphaNumericOnly, used for bucket, topic and user pool ids:
/// `orders-uploads-dev` → `Ordersuploadsdev`.
std::string alphanumeric_name(std::string_view name)
{
  std::string out;
  for (const char c : name) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      out += c;
    }
  }
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') {
    out[0] = static_cast<char>(out[0] - 'a' + 'A');
  }
  return out;
}

/// Names of resources the framework generates that a user's `resources:` may reference
/// (lib/naming.js); references to them are not unresolved even when lambdalint does not model them.
bool is_generated_name(std::string_view name)
{
  for (const std::string_view suffix : {"LambdaFunction", "LogGroup", "IamRoleLambdaExecution", "LambdaPermissionApiGateway", "LambdaVersion",
                                        "ProvisionedConcAlias", "EventSourceMappingSQS", "Url"}) {
    if (name.ends_with(suffix)) {
      return true;
    }
  }
  for (const std::string_view prefix : {"ApiGateway", "HttpApi", "Websockets", "ServerlessDeploymentBucket", "S3Bucket", "SNSTopic",
                                        "CognitoUserPool", "IamRoleLambdaExecution"}) {
    if (name.starts_with(prefix)) {
      return true;
    }
  }
  return name.find("LambdaVersion") != std::string_view::npos || name.find("EventSourceMapping") != std::string_view::npos;
}

std::string_view trim(std::string_view text)
{
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

/// The position of the `}` closing the `${` at `open`, nested variables included.
std::size_t closing_brace(std::string_view text, std::size_t open)
{
  int depth = 0;
  for (std::size_t i = open; i < text.size(); ++i) {
    if (text.compare(i, 2, "${") == 0) {
      ++depth;
      ++i;
    } else if (text[i] == '}' && --depth == 0) {
      return i;
    }
  }
  return std::string_view::npos;
}

/// Serverless variable sources (`${self:...}`, `${opt:...}`, ...). Anything else inside `${}` is
/// CloudFormation's (`${AWS::Region}` and `${Queue.Arn}` in Fn::Sub) and is left alone.
bool is_variable(std::string_view content)
{
  content = trim(content);
  for (const std::string_view source : {"self:", "opt:", "env:", "sls:", "aws:", "ssm:", "cf:", "cf(", "s3:", "file(", "param:", "strToBool(",
                                        "git:", "terraform:", "vault:", "doppler:"}) {
    if (content.starts_with(source)) {
      return true;
    }
  }
  return false;
}

/// Splits `a, 'b', c` at the top-level commas (variable fallbacks).
std::vector<std::string_view> alternatives(std::string_view content)
{
  std::vector<std::string_view> out;
  int depth = 0;
  char quote = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i < content.size(); ++i) {
    const char c = content[i];
    if (quote != 0) {
      quote = c == quote ? 0 : quote;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '(' || c == '{') {
      ++depth;
    } else if (c == ')' || c == '}') {
      --depth;
    } else if (c == ',' && depth == 0) {
      out.push_back(trim(content.substr(start, i - start)));
      start = i + 1;
    }
  }
  out.push_back(trim(content.substr(start)));
  return out;
}

const Node* at_path(const Node* node, std::string_view path)
{
  while (node != nullptr && !path.empty()) {
    const std::size_t dot = path.find('.');
    const std::string_view step = path.substr(0, dot);
    if (node->is_mapping()) {
      node = node->get(step);
    } else if (node->is_sequence()) {
      std::size_t index = 0;
      bool numeric = !step.empty();
      for (const char c : step) {
        numeric = numeric && c >= '0' && c <= '9';
        index = index * 10 + static_cast<std::size_t>(c - '0');
      }
      node = numeric && index < node->items.size() ? node->items[index] : nullptr;
    } else {
      node = nullptr;
    }
    path = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
  }
  return node;
}

class Translator {
public:
  Translator(const ParsedDocument& source, ParsedDocument& out) : m_source(source), m_out(out)
  {
    const fs::path path(source.file->path());
    m_directory = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  }

  void translate();
  /// Function logical id → the function's key in serverless.yml.
  std::map<std::string, std::string> function_keys;
  /// Function logical id → its handler text (for the code location).
  std::map<std::string, std::string> handlers;
  /// What the framework writes that its user cannot change (a permission without SourceArn, a
  /// statement on '*'), located at the key of the event that causes it, with the reason.
  std::vector<std::pair<SourceRange, std::string>> generated;

private:
  // --- nodes -------------------------------------------------------------------------------
  Node& make(NodeKind kind, SourceRange range)
  {
    if (m_out.arena.size() > k_max_nodes) {
      throw std::runtime_error("configuration too large to model");
    }
    Node& node = m_out.arena.make();
    node.kind = kind;
    node.range = range;
    return node;
  }
  const Node* text(std::string value, SourceRange range)
  {
    Node& node = make(NodeKind::scalar, range);
    node.scalar = std::move(value);
    node.quoted = true;
    return &node;
  }
  const Node* number(std::string value, SourceRange range)
  {
    Node& node = make(NodeKind::scalar, range);
    node.scalar = std::move(value);
    return &node;
  }
  const Node* unknown(SourceRange range)
  {
    Node& node = make(NodeKind::scalar, range);
    node.foreign_tag = true; // evaluates to an unknown value, never to a guess
    return &node;
  }
  Node& mapping(SourceRange range) { return make(NodeKind::mapping, range); }
  Node& sequence(SourceRange range) { return make(NodeKind::sequence, range); }
  static void put(Node& map, std::string key, SourceRange key_range, const Node* value)
  {
    if (value != nullptr) {
      map.entries.push_back({std::move(key), key_range, value});
    }
  }
  const Node* list(std::vector<const Node*> items, SourceRange range)
  {
    Node& node = sequence(range);
    for (const Node* item : items) {
      if (item != nullptr) {
        node.items.push_back(item);
      }
    }
    return &node;
  }
  const Node* get_att(std::string id, std::string attribute, SourceRange range)
  {
    Node& node = mapping(range);
    put(node, "Fn::GetAtt", range, list({text(std::move(id), range), text(std::move(attribute), range)}, range));
    return &node;
  }
  const Node* ref(std::string id, SourceRange range)
  {
    Node& node = mapping(range);
    put(node, "Ref", range, text(std::move(id), range));
    return &node;
  }
  const Node* sub(std::string pattern, SourceRange range)
  {
    Node& node = mapping(range);
    put(node, "Fn::Sub", range, text(std::move(pattern), range));
    return &node;
  }
  const Node* statement(std::vector<std::string> actions, std::vector<const Node*> resources, SourceRange range)
  {
    Node& node = mapping(range);
    put(node, "Effect", range, text("Allow", range));
    std::vector<const Node*> action_nodes;
    for (std::string& action : actions) {
      action_nodes.push_back(text(std::move(action), range));
    }
    put(node, "Action", range, list(std::move(action_nodes), range));
    put(node, "Resource", range, list(std::move(resources), range));
    return &node;
  }
  /// A copy of a tree with every range moved to `range` (a value read from another file).
  const Node* reranged(const Node* node, SourceRange range, int depth)
  {
    if (node == nullptr || depth > k_max_copy_depth) {
      return node == nullptr ? nullptr : unknown(range);
    }
    Node& copy = make(node->kind, range);
    copy.scalar = node->scalar;
    copy.quoted = node->quoted;
    copy.foreign_tag = node->foreign_tag;
    for (const Node* item : node->items) {
      copy.items.push_back(reranged(item, range, depth + 1));
    }
    for (const MappingEntry& entry : node->entries) {
      copy.entries.push_back({entry.key, range, reranged(entry.value, range, depth + 1)});
    }
    return &copy;
  }

  // --- variables -----------------------------------------------------------------------------
  struct Resolution {
    const Node* node = nullptr; // a tree (self:, file()) or a scalar
    std::string text;           // when node is nullptr: a literal
    bool known = false;
  };
  const Node* resolved(const Node* node, int depth = 0);
  const Node* resolved_scalar(const Node* node, int depth);
  Resolution variable(std::string_view content, SourceRange at, int depth);
  Resolution source(std::string_view alternative, SourceRange at, int depth);
  const Node* file_value(std::string_view argument, SourceRange at, int depth);
  std::optional<std::string> scalar_text(const Node* node) const
  {
    return node != nullptr && node->is_scalar() && !node->foreign_tag ? std::optional<std::string>(node->scalar) : std::nullopt;
  }

  // --- the compiled template ---------------------------------------------------------------
  struct RoleStatements {
    std::vector<const Node*> statements;
    std::vector<const Node*> managed;
  };
  const Node* provider(std::string_view key) const { return m_provider ? m_provider->get(key) : nullptr; }
  const MappingEntry* provider_entry(std::string_view key) const { return m_provider ? m_provider->find_entry(key) : nullptr; }
  void add_globals(Node& root);
  void add_function(const MappingEntry& entry);
  void add_event(Node& events, Node& properties, const std::string& id, const Node* event, std::size_t index, RoleStatements& role);
  void add_async_http_event(const std::string& id, const Node* event, SourceRange key_at, SourceRange at);
  const Node* role_reference(const Node* role, SourceRange range);
  /// `range` is what the role's resource covers in serverless.yml (findings inside it are its own).
  void add_role(std::string id, SourceRange key_range, const RoleStatements& statements, const std::vector<std::string>& log_groups,
                const Node* boundary, SourceRange range);
  void add_resource(std::string id, SourceRange key_range, std::string_view type, const Node* properties, SourceRange range);
  void copy_function_settings(Node& properties, const Node* settings, bool provider_level);
  const Node* url_cors(const MappingEntry* cors);
  void merge_user_resources();

  const ParsedDocument& m_source;
  ParsedDocument& m_out;
  fs::path m_directory;
  const Node* m_root = nullptr;     // resolved root
  const Node* m_provider = nullptr; // resolved provider
  std::string m_service;
  std::string m_stage = "dev";
  std::string m_region = "us-east-1";
  Node* m_resources = nullptr;
  std::map<std::string, std::size_t> m_resource_index; // id → entry of m_resources
  RoleStatements m_shared;
  std::vector<const Node*> m_provider_statements; // the user's, for iamRoleStatementsInherit
  std::vector<std::string> m_shared_log_groups;
  bool m_shared_used = false;
  bool m_shared_vpc = false;
  bool m_vpc_per_function = false;    // some function writes its own vpc
  bool m_layers_per_function = false; // some function writes its own layers
  bool m_image_functions = false;     // some function is an image (it gets no runtime)
  std::deque<ParsedDocument> m_files; // ${file(...)} documents
  std::map<const Node*, const Node*> m_resolved;
  int m_file_reads = 0;
  int m_active_variables = 0; // self: lookups under way (cycles end at k_max_variable_depth)
};

const Node* Translator::resolved(const Node* node, int depth)
{
  if (node == nullptr || depth > k_max_copy_depth) {
    return node;
  }
  if (const auto found = m_resolved.find(node); found != m_resolved.end()) {
    return found->second;
  }
  const Node* result = node;
  if (node->is_scalar()) {
    result = resolved_scalar(node, depth);
  } else if (node->is_sequence()) {
    std::vector<const Node*> items;
    bool changed = false;
    for (const Node* item : node->items) {
      items.push_back(resolved(item, depth + 1));
      changed = changed || items.back() != item;
    }
    if (changed) {
      Node& copy = make(NodeKind::sequence, node->range);
      copy.items = std::move(items);
      result = &copy;
    }
  } else if (node->is_mapping()) {
    std::vector<MappingEntry> entries;
    bool changed = false;
    for (const MappingEntry& entry : node->entries) {
      entries.push_back({entry.key, entry.key_range, resolved(entry.value, depth + 1)});
      changed = changed || entries.back().value != entry.value;
    }
    if (changed) {
      Node& copy = make(NodeKind::mapping, node->range);
      copy.from_tag = node->from_tag;
      copy.entries = std::move(entries);
      result = &copy;
    }
  }
  m_resolved[node] = result;
  return result;
}

const Node* Translator::resolved_scalar(const Node* node, int depth)
{
  const std::string_view written = node->scalar;
  if (written.find("${") == std::string_view::npos) {
    return node;
  }
  if (depth > k_max_copy_depth || m_active_variables > k_max_variable_depth) {
    return unknown(node->range); // a variable that refers to itself, directly or not
  }
  std::string out;
  bool known = true;
  bool any = false;
  std::size_t at = 0;
  while (at < written.size()) {
    const std::size_t open = written.find("${", at);
    if (open == std::string_view::npos) {
      break;
    }
    const std::size_t close = closing_brace(written, open);
    if (close == std::string_view::npos) {
      break;
    }
    const std::string_view content = written.substr(open + 2, close - open - 2);
    out.append(written.substr(at, open - at));
    at = close + 1;
    if (!is_variable(content)) {
      out.append(written.substr(open, close + 1 - open)); // CloudFormation's own ${...}
      continue;
    }
    any = true;
    Resolution resolution = variable(content, node->range, 0);
    if (open == 0 && close + 1 == written.size()) { // the whole value: may be a tree
      if (!resolution.known) {
        return unknown(node->range);
      }
      if (resolution.node != nullptr) {
        if (!resolution.node->is_scalar()) {
          return resolution.node;
        }
        Node& copy = make(NodeKind::scalar, node->range);
        copy.scalar = resolution.node->scalar;
        copy.quoted = resolution.node->quoted;
        copy.foreign_tag = resolution.node->foreign_tag;
        return &copy;
      }
      Node& copy = make(NodeKind::scalar, node->range);
      copy.scalar = std::move(resolution.text);
      copy.quoted = false; // `${opt:timeout, 30}` is the number 30
      return &copy;
    }
    if (!resolution.known) {
      known = false;
      continue;
    }
    if (resolution.node != nullptr) {
      if (!resolution.node->is_scalar() || resolution.node->foreign_tag) {
        known = false;
        continue;
      }
      out.append(resolution.node->scalar);
    } else {
      out.append(resolution.text);
    }
  }
  if (!any) {
    return node;
  }
  if (!known) {
    return unknown(node->range);
  }
  out.append(written.substr(std::min(at, written.size())));
  Node& copy = make(NodeKind::scalar, node->range);
  copy.scalar = std::move(out);
  copy.quoted = true;
  return &copy;
}

Translator::Resolution Translator::variable(std::string_view content, SourceRange at, int depth)
{
  if (depth > k_max_variable_depth) {
    return {};
  }
  // Nested variables first: ${self:custom.${opt:stage, 'dev'}.timeout}.
  std::string flat;
  std::size_t from = 0;
  while (true) {
    const std::size_t open = content.find("${", from);
    if (open == std::string_view::npos) {
      flat.append(content.substr(from));
      break;
    }
    const std::size_t close = closing_brace(content, open);
    if (close == std::string_view::npos) {
      return {};
    }
    flat.append(content.substr(from, open - from));
    const Resolution inner = variable(content.substr(open + 2, close - open - 2), at, depth + 1);
    const std::optional<std::string> inner_text = inner.node != nullptr ? scalar_text(inner.node) : std::optional<std::string>(inner.text);
    if (!inner.known || !inner_text) {
      return {};
    }
    flat.append(*inner_text);
    from = close + 1;
  }
  for (const std::string_view alternative : alternatives(flat)) {
    Resolution resolution = source(alternative, at, depth);
    if (resolution.known) {
      return resolution;
    }
  }
  return {};
}

Translator::Resolution Translator::source(std::string_view alternative, SourceRange at, int depth)
{
  Resolution out;
  if (alternative.size() >= 2 && (alternative.front() == '\'' || alternative.front() == '"') && alternative.back() == alternative.front()) {
    out.text = std::string(alternative.substr(1, alternative.size() - 2));
    out.known = true;
    return out;
  }
  if (!alternative.empty() && ((alternative.front() >= '0' && alternative.front() <= '9') || alternative == "true" || alternative == "false")) {
    out.text = std::string(alternative);
    out.known = true;
    return out;
  }
  if (alternative.starts_with("self:")) {
    if (trim(alternative.substr(5)).empty()) {
      return out; // the whole configuration is no value
    }
    const Node* found = at_path(m_source.root, alternative.substr(5));
    if (found != nullptr) {
      ++m_active_variables;
      out.node = resolved(found, depth + 1);
      --m_active_variables;
      out.known = out.node != nullptr && !(out.node->is_scalar() && out.node->foreign_tag);
    }
    return out;
  }
  if (alternative == "sls:stage" || alternative == "opt:stage" || alternative == "aws:region" || alternative == "opt:region") {
    // Without the command line's options, only the configuration's own stage and region count.
    const bool stage = alternative.ends_with("stage");
    const Node* written = m_source.root != nullptr ? at_path(m_source.root, stage ? "provider.stage" : "provider.region") : nullptr;
    if (alternative.starts_with("opt:") || written == nullptr) {
      if (alternative.starts_with("sls:")) { // the framework's default stage
        out.text = "dev";
        out.known = true;
      }
      return out;
    }
    ++m_active_variables;
    out.node = resolved(written, depth + 1);
    --m_active_variables;
    out.known = out.node != nullptr && !(out.node->is_scalar() && out.node->foreign_tag);
    return out;
  }
  if (alternative.starts_with("file(")) {
    out.node = file_value(alternative.substr(5), at, depth);
    out.known = out.node != nullptr;
    return out;
  }
  // env: (the deploying machine's environment is not the linting machine's), ssm:, cf:, s3:,
  // aws:accountId, param:, ...: known only at deployment.
  return out;
}

const Node* Translator::file_value(std::string_view argument, SourceRange at, int depth)
{
  const std::size_t close = argument.find(')');
  if (close == std::string_view::npos || ++m_file_reads > 64) {
    return nullptr;
  }
  const fs::path relative(std::string(trim(argument.substr(0, close))));
  std::string_view path = argument.substr(close + 1);
  if (path.starts_with(":")) {
    path.remove_prefix(1);
  }
  std::error_code error;
  const fs::path file = fs::weakly_canonical(m_directory / relative, error);
  const fs::path project = fs::weakly_canonical(m_directory, error);
  if (error || relative.is_absolute() || !file.string().starts_with(project.string())) {
    return nullptr; // only files of the project
  }
  ReadResult read = read_regular_file(file);
  if (!read.text) {
    return nullptr;
  }
  ParsedDocument& document = m_files.emplace_back(parse_document(std::make_shared<const SourceFile>(file.string(), std::move(*read.text))));
  const Node* found = at_path(document.root, trim(path));
  if (found == nullptr) {
    return nullptr;
  }
  // Its variables resolve against serverless.yml; its positions are not serverless.yml's.
  (void)depth;
  return reranged(found, at, 0);
}

const Node* Translator::role_reference(const Node* role, SourceRange range)
{
  if (role == nullptr) {
    return nullptr;
  }
  if (role->is_scalar() && !role->foreign_tag && !role->scalar.starts_with("arn:")) {
    return get_att(role->scalar, "Arn", role->range); // a role declared in resources
  }
  (void)range;
  return role; // an ARN, an intrinsic function, or unknown
}

void Translator::add_resource(std::string id, SourceRange key_range, std::string_view type, const Node* properties, SourceRange range)
{
  if (m_resource_index.contains(id)) {
    return;
  }
  Node& resource = mapping(range);
  put(resource, "Type", key_range, text(std::string(type), key_range));
  put(resource, "Properties", key_range, properties);
  m_resource_index[id] = m_resources->entries.size();
  put(*m_resources, std::move(id), key_range, &resource);
}

void Translator::copy_function_settings(Node& properties, const Node* settings, bool provider_level)
{
  if (settings == nullptr || !settings->is_mapping()) {
    return;
  }
  for (const MappingEntry& entry : settings->entries) {
    const Node* value = entry.value;
    if (value == nullptr) {
      continue;
    }
    const std::string_view key = entry.key;
    if (key == "runtime") {
      put(properties, "Runtime", entry.key_range, value);
    } else if (key == "timeout") {
      put(properties, "Timeout", entry.key_range, value);
    } else if (key == "memorySize") {
      put(properties, "MemorySize", entry.key_range, value);
    } else if (key == "kmsKeyArn" || key == "awsKmsKeyArn") {
      put(properties, "KmsKeyArn", entry.key_range, value);
    } else if (key == "layers") {
      put(properties, "Layers", entry.key_range, value);
    } else if (key == "environment" && value->is_mapping()) {
      Node& environment = mapping(value->range);
      put(environment, "Variables", entry.key_range, value);
      put(properties, "Environment", entry.key_range, &environment);
    } else if (key == "vpc" && value->is_mapping()) {
      Node& vpc = mapping(value->range);
      put(vpc, "SecurityGroupIds", entry.key_range, value->get("securityGroupIds"));
      put(vpc, "SubnetIds", entry.key_range, value->get("subnetIds"));
      put(properties, "VpcConfig", entry.key_range, &vpc);
    } else if (key == "tracing") {
      // provider.tracing.lambda / functions.*.tracing: true, Active or PassThrough.
      const Node* mode = provider_level && value->is_mapping() ? value->get("lambda") : (provider_level ? nullptr : value);
      if (mode != nullptr && mode->is_scalar() && !mode->foreign_tag) {
        const std::string& written = mode->scalar;
        if (written == "true" || written == "Active") {
          put(properties, "Tracing", entry.key_range, text("Active", mode->range));
        } else if (written == "PassThrough") {
          put(properties, "Tracing", entry.key_range, text("PassThrough", mode->range));
        }
      } else if (mode != nullptr && mode->foreign_tag) {
        put(properties, "Tracing", entry.key_range, mode);
      }
    } else if (key == "logs" && value->is_mapping()) {
      // Lambda's advanced logging: a function's `logs`, the provider's `logs.lambda` (its other
      // keys are the APIs' access logs). https://www.serverless.com/framework/docs/providers/aws/guide/functions#logging-configuration
      const Node* logs = provider_level ? value->get("lambda") : value;
      if (logs == nullptr || !logs->is_mapping()) {
        continue;
      }
      Node& logging = mapping(logs->range);
      for (const auto& [from, to] : {std::pair<std::string_view, std::string_view>{"logFormat", "LogFormat"},
                                     {"applicationLogLevel", "ApplicationLogLevel"},
                                     {"systemLogLevel", "SystemLogLevel"},
                                     {"logGroup", "LogGroup"}}) {
        if (const MappingEntry* written = logs->find_entry(from)) {
          put(logging, std::string(to), written->key_range, written->value);
        }
      }
      if (!logging.entries.empty()) {
        put(properties, "LoggingConfig", entry.key_range, &logging);
      }
    } else if (!provider_level && key == "snapStart" && value->is_scalar() && !value->foreign_tag) {
      // `snapStart: true` (compile/functions.js): SnapStart on the published versions.
      if (value->scalar == "true") {
        Node& snap_start = mapping(value->range);
        put(snap_start, "ApplyOn", entry.key_range, text("PublishedVersions", value->range));
        put(properties, "SnapStart", entry.key_range, &snap_start);
      }
    } else if (key == "architecture") {
      put(properties, "Architectures", entry.key_range, list({value}, value->range));
    } else if (!provider_level && key == "reservedConcurrency") {
      put(properties, "ReservedConcurrentExecutions", entry.key_range, value);
    } else if (!provider_level && key == "ephemeralStorageSize") {
      Node& storage = mapping(value->range);
      put(storage, "Size", entry.key_range, value);
      put(properties, "EphemeralStorage", entry.key_range, &storage);
    }
  }
}

/// A function URL's `cors` (compile/functions.js compileFunctionUrl): its keys renamed to the URL's
/// Cors properties; `cors: true` is the framework's default configuration, every origin, the
/// API Gateway default headers and every method, without credentials.
/// https://www.serverless.com/framework/docs/providers/aws/guide/functions#lambda-function-urls
const Node* Translator::url_cors(const MappingEntry* cors)
{
  if (cors == nullptr || cors->value == nullptr) {
    return nullptr;
  }
  const Node* value = cors->value;
  Node& out = mapping(value->range);
  if (value->is_scalar() && !value->foreign_tag) {
    if (value->scalar != "true") {
      return nullptr;
    }
    const SourceRange at = cors->key_range;
    put(out, "AllowOrigins", at, list({text("*", at)}, at));
    put(out, "AllowHeaders", at,
        list({text("Content-Type", at), text("X-Amz-Date", at), text("Authorization", at), text("X-Api-Key", at), text("X-Amz-Security-Token", at)}, at));
    put(out, "AllowMethods", at, list({text("*", at)}, at));
    return &out;
  }
  if (!value->is_mapping()) {
    return unknown(value->range);
  }
  for (const auto& [from, to] : {std::pair<std::string_view, std::string_view>{"allowCredentials", "AllowCredentials"},
                                 {"allowedHeaders", "AllowHeaders"},
                                 {"allowedMethods", "AllowMethods"},
                                 {"allowedOrigins", "AllowOrigins"},
                                 {"exposedResponseHeaders", "ExposeHeaders"},
                                 {"maxAge", "MaxAge"}}) {
    if (const MappingEntry* written = value->find_entry(from)) {
      put(out, std::string(to), written->key_range, written->value);
    }
  }
  return &out;
}

void Translator::add_globals(Node& root)
{
  Node& function = mapping(m_provider->range);
  copy_function_settings(function, m_provider, true);
  // A function's vpc and layers replace the provider's (compile/functions.js) where SAM's Globals
  // would merge them: when a function writes its own, the provider's are given to the others
  // directly instead of through Globals.
  if (const Node* functions = m_root->get("functions"); functions != nullptr && functions->is_mapping()) {
    for (const MappingEntry& entry : functions->entries) {
      m_vpc_per_function = m_vpc_per_function || (entry.value != nullptr && entry.value->get("vpc") != nullptr);
      m_layers_per_function = m_layers_per_function || (entry.value != nullptr && entry.value->get("layers") != nullptr);
      m_image_functions = m_image_functions || (entry.value != nullptr && entry.value->get("image") != nullptr);
    }
  }
  std::erase_if(function.entries, [this](const MappingEntry& entry) {
    return (m_vpc_per_function && entry.key == "VpcConfig") || (m_layers_per_function && entry.key == "Layers") ||
           (m_image_functions && entry.key == "Runtime");
  });
  if (function.entries.empty()) {
    return;
  }
  const MappingEntry* provider_key = m_root->find_entry("provider");
  Node& globals = mapping(m_provider->range);
  put(globals, "Function", provider_key->key_range, &function);
  put(root, "Globals", provider_key->key_range, &globals);
}

void Translator::add_event(Node& events, Node& properties, const std::string& id, const Node* event, std::size_t index, RoleStatements& role)
{
  if (event == nullptr || !event->is_mapping() || event->entries.size() != 1) {
    return;
  }
  const MappingEntry& entry = event->entries.front();
  const std::string_view kind = entry.key;
  const Node* value = entry.value;
  if (value == nullptr) {
    return;
  }
  const SourceRange at = event->range;
  const SourceRange key_at = entry.key_range;
  Node& props = mapping(value->range);
  std::string type;
  auto setting = [&](std::string_view from, std::string to) {
    if (value->is_mapping()) {
      put(props, std::move(to), key_at, value->get(from));
    }
  };
  const Node* arn = value->is_mapping() ? value->get("arn") : value;

  if (kind == "http" && value->is_mapping() && value->get("async") != nullptr && value->get("async")->is_scalar() &&
      value->get("async")->scalar == "true") {
    add_async_http_event(id, value, key_at, at);
    return;
  }
  if (kind == "http" || kind == "httpApi") {
    type = kind == "http" ? "Api" : "HttpApi";
    const Node* method = value->is_mapping() ? value->get("method") : nullptr;
    const Node* path = value->is_mapping() ? value->get("path") : nullptr;
    if (value->is_scalar() && !value->foreign_tag) { // "GET /orders", "get orders", "*"
      const std::string& written = value->scalar;
      const std::size_t space = written.find(' ');
      if (space != std::string::npos) {
        method = text(written.substr(0, space), value->range);
        path = text(std::string(trim(written.substr(space + 1))), value->range);
      } else if (written != "*") {
        method = nullptr;
      }
    }
    if (path != nullptr && path->is_scalar() && !path->foreign_tag && !path->scalar.starts_with("/")) {
      path = text("/" + path->scalar, path->range);
    }
    if (kind == "http") {
      put(props, "Path", key_at, path != nullptr ? path : text("/", key_at));
      put(props, "Method", key_at, method != nullptr ? method : text("any", key_at));
    } else {
      put(props, "Path", key_at, path);
      put(props, "Method", key_at, method);
    }
  } else if (kind == "websocket") {
    // compile/events/websockets: an AWS_PROXY integration of the WebsocketsApi and a permission
    // for apigateway.amazonaws.com.
    const std::string integration = id.substr(0, id.size() - std::string_view("LambdaFunction").size()) + "WebsocketsIntegration";
    if (!m_resource_index.contains("WebsocketsApi")) {
      Node& api = mapping(key_at);
      put(api, "Name", key_at, text(m_service + "-websockets", key_at));
      put(api, "ProtocolType", key_at, text("WEBSOCKET", key_at));
      put(api, "RouteSelectionExpression", key_at, text("$request.body.action", key_at));
      add_resource("WebsocketsApi", key_at, "AWS::ApiGatewayV2::Api", &api, at);
    }
    Node& integration_props = mapping(at);
    put(integration_props, "ApiId", key_at, ref("WebsocketsApi", key_at));
    put(integration_props, "IntegrationType", key_at, text("AWS_PROXY", key_at));
    put(integration_props, "IntegrationUri",
        key_at, sub("arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${" + id + ".Arn}/invocations", key_at));
    add_resource(integration, key_at, "AWS::ApiGatewayV2::Integration", &integration_props, at);
    Node& permission = mapping(at);
    put(permission, "FunctionName", key_at, get_att(id, "Arn", key_at));
    put(permission, "Action", key_at, text("lambda:InvokeFunction", key_at));
    put(permission, "Principal", key_at, text("apigateway.amazonaws.com", key_at));
    add_resource(id.substr(0, id.size() - 14) + "LambdaPermissionWebsockets", key_at, "AWS::Lambda::Permission", &permission, at);
    generated.emplace_back(key_at, "the Serverless Framework writes the websocket permission without SourceArn "
                                   "(compile/events/websockets/lib/permissions.js)");
    return;
  } else if (kind == "alb") {
    // compile/events/alb: a target group of the function and a permission scoped to it.
    const std::string base = id.substr(0, id.size() - 14);
    const std::string group = base + "AlbTargetGroup" + std::to_string(index);
    Node& target = mapping(at);
    put(target, "Id", key_at, get_att(id, "Arn", key_at));
    Node& group_props = mapping(at);
    put(group_props, "TargetType", key_at, text("lambda", key_at));
    put(group_props, "Targets", key_at, list({&target}, at));
    add_resource(group, key_at, "AWS::ElasticLoadBalancingV2::TargetGroup", &group_props, at);
    Node& permission = mapping(at);
    put(permission, "FunctionName", key_at, get_att(id, "Arn", key_at));
    put(permission, "Action", key_at, text("lambda:InvokeFunction", key_at));
    put(permission, "Principal", key_at, text("elasticloadbalancing.amazonaws.com", key_at));
    put(permission, "SourceArn", key_at, ref(group, key_at));
    add_resource(base + "LambdaPermissionAlb" + std::to_string(index), key_at, "AWS::Lambda::Permission", &permission, at);
    return;
  } else if (kind == "s3") {
    const Node* bucket = value->is_mapping() ? value->get("bucket") : value;
    const Node* existing = value->is_mapping() ? value->get("existing") : nullptr;
    if (bucket == nullptr || (existing != nullptr && existing->is_scalar() && existing->scalar == "true")) {
      return; // an existing bucket is configured by a custom resource at deployment: not modelled
    }
    const Node* bucket_ref = bucket;
    if (bucket->is_scalar() && !bucket->foreign_tag) {
      const std::string bucket_id = "S3Bucket" + alphanumeric_name(bucket->scalar);
      Node& bucket_props = mapping(bucket->range);
      put(bucket_props, "BucketName", key_at, bucket);
      add_resource(bucket_id, key_at, "AWS::S3::Bucket", &bucket_props, at);
      bucket_ref = ref(bucket_id, bucket->range);
    } else if (!bucket->is_mapping()) {
      return;
    }
    type = "S3";
    put(props, "Bucket", key_at, bucket_ref);
    const Node* event_name = value->is_mapping() ? value->get("event") : nullptr;
    put(props, "Events", key_at, event_name != nullptr ? event_name : text("s3:ObjectCreated:*", key_at));
  } else if (kind == "sns") {
    const Node* topic = value->is_mapping() ? (value->get("arn") != nullptr ? value->get("arn") : value->get("topicName")) : value;
    if (topic == nullptr) {
      return;
    }
    if (topic->is_scalar() && !topic->foreign_tag && !topic->scalar.starts_with("arn:")) {
      const std::string topic_id = "SNSTopic" + alphanumeric_name(topic->scalar);
      Node& topic_props = mapping(topic->range);
      put(topic_props, "TopicName", key_at, topic);
      add_resource(topic_id, key_at, "AWS::SNS::Topic", &topic_props, at);
      topic = ref(topic_id, topic->range);
    }
    type = "SNS";
    put(props, "Topic", key_at, topic);
  } else if (kind == "schedule") {
    type = "Schedule";
    const Node* rate = value->is_mapping() ? value->get("rate") : value;
    if (rate != nullptr && rate->is_sequence()) {
      rate = rate->items.empty() ? nullptr : rate->items.front();
    }
    put(props, "Schedule", key_at, rate);
  } else if (kind == "eventBridge") {
    const Node* schedule = value->is_mapping() ? value->get("schedule") : nullptr;
    if (schedule != nullptr) {
      type = "Schedule";
      put(props, "Schedule", key_at, schedule);
    } else {
      type = "EventBridgeRule";
      setting("pattern", "Pattern");
      setting("eventBus", "EventBusName");
    }
  } else if (kind == "cloudwatchEvent") {
    type = "CloudWatchEvent";
    setting("event", "Pattern");
  } else if (kind == "cloudwatchLog") {
    type = "CloudWatchLogs";
    put(props, "LogGroupName", key_at, value->is_mapping() ? value->get("logGroup") : value);
    const Node* filter = value->is_mapping() ? value->get("filter") : nullptr;
    put(props, "FilterPattern", key_at, filter != nullptr ? filter : text("", key_at));
  } else if (kind == "cognitoUserPool") {
    const Node* pool = value->is_mapping() ? value->get("pool") : nullptr;
    const Node* existing = value->is_mapping() ? value->get("existing") : nullptr;
    if (pool == nullptr || !pool->is_scalar() || pool->foreign_tag || (existing != nullptr && existing->is_scalar() && existing->scalar == "true")) {
      return;
    }
    const std::string pool_id = "CognitoUserPool" + alphanumeric_name(pool->scalar);
    Node& pool_props = mapping(pool->range);
    put(pool_props, "UserPoolName", key_at, pool);
    add_resource(pool_id, key_at, "AWS::Cognito::UserPool", &pool_props, at);
    type = "Cognito";
    put(props, "UserPool", key_at, ref(pool_id, pool->range));
    setting("trigger", "Trigger");
  } else if (kind == "iot") {
    type = "IoTRule";
    setting("sql", "Sql");
  } else if (kind == "sqs") {
    type = "SQS";
    put(props, "Queue", key_at, arn);
    setting("batchSize", "BatchSize");
    setting("maximumBatchingWindow", "MaximumBatchingWindowInSeconds");
    setting("enabled", "Enabled");
    if (value->is_mapping() && value->get("functionResponseType") != nullptr) {
      put(props, "FunctionResponseTypes", key_at, list({value->get("functionResponseType")}, key_at));
    }
    if (value->is_mapping() && value->get("maximumConcurrency") != nullptr) {
      Node& scaling = mapping(key_at);
      put(scaling, "MaximumConcurrency", key_at, value->get("maximumConcurrency"));
      put(props, "ScalingConfig", key_at, &scaling);
    }
    role.statements.push_back(statement({"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"}, {arn}, at));
  } else if (kind == "stream") {
    const Node* stream_type = value->is_mapping() ? value->get("type") : nullptr;
    std::string service;
    if (stream_type != nullptr && stream_type->is_scalar()) {
      service = stream_type->scalar;
    } else if (arn != nullptr && arn->is_scalar() && arn->scalar.starts_with("arn:")) {
      const std::size_t first = arn->scalar.find(':', 4);
      const std::size_t second = first == std::string::npos ? first : arn->scalar.find(':', first + 1);
      service = second == std::string::npos ? std::string() : arn->scalar.substr(first + 1, second - first - 1);
    } else if (const Node* att = arn != nullptr ? arn->get("Fn::GetAtt") : nullptr; att != nullptr) {
      const Node* attribute = att->is_sequence() && att->items.size() == 2 ? att->items[1] : nullptr;
      service = attribute != nullptr && attribute->is_scalar() && attribute->scalar == "StreamArn" ? "dynamodb" : "";
    }
    if (service != "dynamodb" && service != "kinesis") {
      return; // the stream's kind cannot be known: no guess
    }
    type = service == "dynamodb" ? "DynamoDB" : "Kinesis";
    put(props, "Stream", key_at, arn);
    const Node* position = value->is_mapping() ? value->get("startingPosition") : nullptr;
    put(props, "StartingPosition", key_at, position != nullptr ? position : text("TRIM_HORIZON", key_at));
    setting("batchSize", "BatchSize");
    setting("batchWindow", "MaximumBatchingWindowInSeconds");
    setting("maximumRetryAttempts", "MaximumRetryAttempts");
    setting("bisectBatchOnFunctionError", "BisectBatchOnFunctionError");
    setting("maximumRecordAgeInSeconds", "MaximumRecordAgeInSeconds");
    setting("parallelizationFactor", "ParallelizationFactor");
    setting("enabled", "Enabled");
    if (value->is_mapping() && value->get("functionResponseType") != nullptr) {
      put(props, "FunctionResponseTypes", key_at, list({value->get("functionResponseType")}, key_at));
    }
    const Node* destinations = value->is_mapping() ? value->get("destinations") : nullptr;
    const Node* on_failure = destinations != nullptr ? destinations->get("onFailure") : nullptr;
    const Node* failure_arn = on_failure != nullptr && on_failure->is_mapping() ? on_failure->get("arn") : on_failure;
    if (failure_arn != nullptr) {
      Node& failure = mapping(on_failure->range);
      put(failure, "Destination", key_at, failure_arn);
      Node& config = mapping(on_failure->range);
      put(config, "OnFailure", key_at, &failure);
      put(props, "DestinationConfig", key_at, &config);
      const bool sns = failure_arn->is_scalar() && failure_arn->scalar.find(":sns:") != std::string::npos;
      role.statements.push_back(sns ? statement({"sns:Publish"}, {failure_arn}, on_failure->range)
                                    : statement({"sqs:ListQueues", "sqs:SendMessage"}, {failure_arn}, on_failure->range));
    }
    if (service == "dynamodb") {
      role.statements.push_back(statement({"dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:DescribeStream", "dynamodb:ListStreams"}, {arn}, at));
    } else {
      role.statements.push_back(statement({"kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:DescribeStream", "kinesis:ListStreams"}, {arn}, at));
    }
  } else if (kind == "msk") {
    type = "MSK";
    put(props, "Stream", key_at, arn);
    if (value->is_mapping() && value->get("topic") != nullptr) {
      put(props, "Topics", key_at, list({value->get("topic")}, key_at));
    }
    const Node* position = value->is_mapping() ? value->get("startingPosition") : nullptr;
    put(props, "StartingPosition", key_at, position != nullptr ? position : text("TRIM_HORIZON", key_at));
    setting("batchSize", "BatchSize");
    role.statements.push_back(statement({"kafka:DescribeCluster", "kafka:GetBootstrapBrokers"}, {arn}, at));
    role.statements.push_back(statement({"ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeVpcs", "ec2:DeleteNetworkInterface",
                                         "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups"},
                                        {text("*", key_at)}, key_at));
    generated.emplace_back(key_at, "the Serverless Framework grants the network interface actions on '*' for msk events "
                                   "(compile/events/msk/index.js)");
  } else if (kind == "kafka") {
    type = "SelfManagedKafka";
    if (!value->is_mapping()) {
      return;
    }
    put(props, "KafkaBootstrapServers", key_at, value->get("bootstrapServers"));
    if (value->get("topic") != nullptr) {
      put(props, "Topics", key_at, list({value->get("topic")}, key_at));
    }
    setting("batchSize", "BatchSize");
    const Node* access = value->get("accessConfigurations");
    std::vector<const Node*> configurations;
    std::vector<const Node*> secrets;
    static const std::map<std::string, std::string, std::less<>> k_access_types = {
      {"saslPlainAuth", "BASIC_AUTH"}, {"saslScram256Auth", "SASL_SCRAM_256_AUTH"}, {"saslScram512Auth", "SASL_SCRAM_512_AUTH"},
      {"clientCertificateTlsAuth", "CLIENT_CERTIFICATE_TLS_AUTH"}, {"serverRootCaCertificate", "SERVER_ROOT_CA_CERTIFICATE"}};
    for (const MappingEntry& item : access != nullptr && access->is_mapping() ? access->entries : std::vector<MappingEntry>{}) {
      const auto known = k_access_types.find(item.key);
      const std::vector<const Node*> values = item.value != nullptr && item.value->is_sequence() ? item.value->items : std::vector<const Node*>{item.value};
      for (const Node* uri : values) {
        if (known != k_access_types.end() && uri != nullptr) {
          Node& configuration = mapping(item.key_range);
          put(configuration, "Type", item.key_range, text(known->second, item.key_range));
          put(configuration, "URI", item.key_range, uri);
          configurations.push_back(&configuration);
          secrets.push_back(uri);
        }
      }
    }
    if (!configurations.empty()) {
      put(props, "SourceAccessConfigurations", key_at, list(configurations, key_at));
    }
    if (!secrets.empty()) {
      role.statements.push_back(statement({"secretsmanager:GetSecretValue"}, secrets, at));
    }
  } else if (kind == "activemq" || kind == "rabbitmq") {
    type = "MQ";
    if (!value->is_mapping()) {
      return;
    }
    put(props, "Broker", key_at, arn);
    if (value->get("queue") != nullptr) {
      put(props, "Queues", key_at, list({value->get("queue")}, key_at));
    }
    setting("batchSize", "BatchSize");
    if (const Node* secret = value->get("basicAuthArn")) {
      Node& configuration = mapping(secret->range);
      put(configuration, "Type", key_at, text("BASIC_AUTH", key_at));
      put(configuration, "URI", key_at, secret);
      put(props, "SourceAccessConfigurations", key_at, list({&configuration}, key_at));
      role.statements.push_back(statement({"secretsmanager:GetSecretValue"}, {secret}, at));
    }
    role.statements.push_back(statement({"mq:DescribeBroker"}, {arn}, at));
  } else {
    return; // alexaSkill, cloudFront, ...: not modelled
  }
  Node& sam_event = mapping(at);
  put(sam_event, "Type", key_at, text(type, key_at));
  put(sam_event, "Properties", key_at, &props);
  put(events, fmt::format("{}{}", normalized_name(kind), index), key_at, &sam_event);
  (void)properties;
}

void Translator::add_async_http_event(const std::string& id, const Node* event, SourceRange key_at, SourceRange at)
{
  // `async: true` (compile/events/api-gateway/lib/method/integration.js): a `lambda` (AWS)
  // integration that sends X-Amz-Invocation-Type 'Event', so API Gateway does not wait for the
  // function; SAM's Api event cannot say that, so the method, the API and the permission are
  // written as the framework writes them (lib/naming.js ids).
  // https://www.serverless.com/framework/docs/providers/aws/events/apigateway#asynchronous-integration
  if (!m_resource_index.contains("ApiGatewayRestApi")) {
    Node& api = mapping(key_at);
    put(api, "Name", key_at, text(m_stage + "-" + m_service, key_at));
    add_resource("ApiGatewayRestApi", key_at, "AWS::ApiGateway::RestApi", &api, at);
  }
  const Node* path = event->get("path");
  const Node* method = event->get("method");
  std::string method_name = method != nullptr && method->is_scalar() && !method->foreign_tag ? method->scalar : std::string("any");
  std::string method_upper = method_name;
  for (std::size_t i = 0; i < method_name.size(); ++i) {
    method_name[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(method_name[i])));
    method_upper[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(method_upper[i])));
  }
  std::string path_text = path != nullptr && path->is_scalar() && !path->foreign_tag ? path->scalar : std::string();
  std::string resource_name; // lib/naming.js normalizePath: /orders/{id} → OrdersIdVar
  for (std::size_t start = 0; start <= path_text.size();) {
    const std::size_t slash = std::min(path_text.find('/', start), path_text.size());
    std::string part = path_text.substr(start, slash - start);
    const bool variable = part.starts_with("{") && part.ends_with("}");
    if (variable) {
      part = part.substr(1, part.size() - 2);
    }
    resource_name += normalized_name(part) + (variable ? "Var" : "");
    start = slash + 1;
  }
  const bool root = path_text.empty() || path_text == "/";
  Node& integration = mapping(at);
  put(integration, "Type", key_at, text("AWS", key_at));
  put(integration, "IntegrationHttpMethod", key_at, text("POST", key_at));
  put(integration, "Uri", key_at,
      sub("arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${" + id + ".Arn}/invocations", key_at));
  Node& parameters = mapping(key_at);
  const MappingEntry* async_entry = event->find_entry("async");
  put(parameters, "integration.request.header.X-Amz-Invocation-Type", async_entry->key_range, text("'Event'", async_entry->key_range));
  put(integration, "RequestParameters", key_at, &parameters);
  Node& method_props = mapping(at);
  put(method_props, "HttpMethod", key_at, text(method_upper, key_at));
  put(method_props, "RestApiId", key_at, ref("ApiGatewayRestApi", key_at));
  // A nested path's resource chain is not modelled: its id is unknown.
  put(method_props, "ResourceId", key_at, root ? get_att("ApiGatewayRestApi", "RootResourceId", key_at) : unknown(key_at));
  put(method_props, "AuthorizationType", key_at, text("NONE", key_at));
  put(method_props, "Integration", key_at, &integration);
  add_resource("ApiGatewayMethod" + resource_name + normalized_name(method_name), key_at, "AWS::ApiGateway::Method", &method_props, at);
  const std::string permission = id.substr(0, id.size() - std::string_view("LambdaFunction").size()) + "LambdaPermissionApiGateway";
  if (!m_resource_index.contains(permission)) {
    Node& permission_props = mapping(at);
    put(permission_props, "FunctionName", key_at, get_att(id, "Arn", key_at));
    put(permission_props, "Action", key_at, text("lambda:InvokeFunction", key_at));
    put(permission_props, "Principal", key_at, text("apigateway.amazonaws.com", key_at));
    put(permission_props, "SourceArn", key_at, sub("arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${ApiGatewayRestApi}/*/*", key_at));
    add_resource(permission, key_at, "AWS::Lambda::Permission", &permission_props, at);
  }
}

void Translator::add_function(const MappingEntry& entry)
{
  const Node* function = entry.value;
  if (function == nullptr || !function->is_mapping()) {
    return;
  }
  const std::string id = function_logical_id(entry.key);
  function_keys[id] = entry.key;
  const SourceRange key_at = entry.key_range;
  Node& properties = mapping(function->range);

  std::string function_name = fmt::format("{}-{}-{}", m_service, m_stage, entry.key);
  const Node* name = function->get("name");
  if (name != nullptr) {
    function_name = name->is_scalar() && !name->foreign_tag ? name->scalar : std::string();
    put(properties, "FunctionName", function->find_entry("name")->key_range, name);
  } else if (!m_service.empty()) {
    put(properties, "FunctionName", key_at, text(function_name, key_at));
  } else {
    function_name.clear();
  }
  if (const Node* image = function->get("image")) {
    put(properties, "PackageType", key_at, text("Image", key_at));
    put(properties, "ImageUri", key_at, image->is_mapping() ? unknown(image->range) : image);
  } else {
    const Node* handler = function->get("handler");
    put(properties, "Handler", key_at, handler);
    put(properties, "CodeUri", key_at, text(".", handler != nullptr ? handler->range : key_at));
    if (handler != nullptr && handler->is_scalar() && !handler->foreign_tag) {
      handlers[id] = handler->scalar;
    }
    // Without a runtime anywhere the framework deploys its own default (nodejs, the version
    // depending on the framework release): a runtime is set, but which one is unknown.
    if (function->get("runtime") == nullptr && provider_entry("runtime") == nullptr) {
      put(properties, "Runtime", key_at, unknown(key_at));
    }
  }
  copy_function_settings(properties, function, false);
  const bool image = function->get("image") != nullptr;
  if (image) {
    // compile/functions.js sets Runtime only for a function with a handler: an image function's
    // runtime (its own or the provider's) is not deployed.
    std::erase_if(properties.entries, [](const MappingEntry& written) { return written.key == "Runtime"; });
  } else if (m_image_functions && function->get("runtime") == nullptr && provider_entry("runtime") != nullptr) {
    Node inherited = mapping(m_provider->range); // the provider's runtime, kept out of Globals (see add_globals)
    inherited.entries.push_back(*provider_entry("runtime"));
    copy_function_settings(properties, &inherited, true);
  }
  // compile/functions.js writes MemorySize and Timeout on every function: the function's, else the
  // provider's, else the framework's defaults, 1024 MB and 6 s (not Lambda's 128 MB and 3 s).
  // https://www.serverless.com/framework/docs/providers/aws/guide/functions#configuration
  if (function->get("timeout") == nullptr && provider_entry("timeout") == nullptr) {
    put(properties, "Timeout", key_at, number("6", key_at));
  }
  if (function->get("memorySize") == nullptr && provider_entry("memorySize") == nullptr) {
    put(properties, "MemorySize", key_at, number("1024", key_at));
  }
  // The provider's vpc and layers, when some function replaces them (see add_globals).
  if (m_vpc_per_function && function->get("vpc") == nullptr && provider_entry("vpc") != nullptr) {
    Node inherited = mapping(m_provider->range);
    inherited.entries.push_back(*provider_entry("vpc"));
    copy_function_settings(properties, &inherited, true);
  }
  if (m_layers_per_function && function->get("layers") == nullptr && provider_entry("layers") != nullptr) {
    Node inherited = mapping(m_provider->range);
    inherited.entries.push_back(*provider_entry("layers"));
    copy_function_settings(properties, &inherited, true);
  }
  if (const MappingEntry* on_error = function->find_entry("onError"); on_error != nullptr && on_error->value != nullptr) {
    Node& dead_letter = mapping(on_error->value->range);
    const bool sqs = on_error->value->is_scalar() && on_error->value->scalar.find(":sqs:") != std::string::npos;
    put(dead_letter, "Type", on_error->key_range, text(sqs ? "SQS" : "SNS", on_error->key_range));
    put(dead_letter, "TargetArn", on_error->key_range, on_error->value);
    put(properties, "DeadLetterQueue", on_error->key_range, &dead_letter);
  }
  if (const MappingEntry* provisioned = function->find_entry("provisionedConcurrency")) {
    Node& config = mapping(provisioned->value != nullptr ? provisioned->value->range : key_at);
    put(config, "ProvisionedConcurrentExecutions", provisioned->key_range, provisioned->value);
    put(properties, "AutoPublishAlias", provisioned->key_range, text("provisioned", provisioned->key_range));
    put(properties, "ProvisionedConcurrencyConfig", provisioned->key_range, &config);
  }
  if (const MappingEntry* url = function->find_entry("url"); url != nullptr && url->value != nullptr) {
    const Node* authorizer = url->value->is_mapping() ? url->value->get("authorizer") : nullptr;
    const bool enabled = url->value->is_mapping() || (url->value->is_scalar() && url->value->scalar == "true");
    if (enabled) {
      Node& config = mapping(url->value->range);
      const bool iam = authorizer != nullptr && authorizer->is_scalar() && authorizer->scalar == "aws_iam";
      put(config, "AuthType", url->key_range, text(iam ? "AWS_IAM" : "NONE", authorizer != nullptr ? authorizer->range : url->key_range));
      put(config, "Cors", url->key_range, url_cors(url->value->is_mapping() ? url->value->find_entry("cors") : nullptr));
      put(properties, "FunctionUrlConfig", url->key_range, &config);
    }
  }
  std::vector<const Node*> destination_statements; // compile/functions.js ensureTargetExecutionPermission
  if (const MappingEntry* destinations = function->find_entry("destinations"); destinations != nullptr && destinations->value != nullptr &&
                                                                               destinations->value->is_mapping()) {
    Node& config = mapping(destinations->value->range);
    for (const auto& [from, to] : {std::pair<std::string_view, std::string>{"onSuccess", "OnSuccess"}, {"onFailure", "OnFailure"}}) {
      const MappingEntry* target = destinations->value->find_entry(from);
      const Node* destination = target != nullptr && target->value != nullptr && target->value->is_mapping() ? target->value->get("arn")
                                                                                                             : (target ? target->value : nullptr);
      if (destination == nullptr) {
        continue;
      }
      // `{type: sqs, arn: !GetAtt Queue.Arn}`: the type is written when the ARN is an intrinsic.
      // https://www.serverless.com/framework/docs/providers/aws/guide/functions#asynchronous-invocation
      const Node* written_type = target->value->is_mapping() ? target->value->get("type") : nullptr;
      const std::string_view type_name = written_type != nullptr && written_type->is_scalar() ? std::string_view(written_type->scalar) : "";
      const std::string arn = destination->is_scalar() && !destination->foreign_tag ? destination->scalar : std::string();
      if (arn.empty() && type_name.empty()) {
        continue; // an intrinsic without its type: what it names is unknown
      }
      const std::string_view type = type_name == "sqs" || arn.find(":sqs:") != std::string::npos              ? "SQS"
                                    : type_name == "sns" || arn.find(":sns:") != std::string::npos            ? "SNS"
                                    : type_name == "eventBus" || arn.find(":events:") != std::string::npos    ? "EventBridge"
                                    : type_name == "function" || arn.find(":lambda:") != std::string::npos    ? "Lambda"
                                                                                                              : "";
      if (type.empty()) {
        continue;
      }
      destination_statements.push_back(statement({type == "SQS"           ? "sqs:SendMessage"
                                                   : type == "SNS"         ? "sns:Publish"
                                                   : type == "EventBridge" ? "events:PutEvents"
                                                                           : "lambda:InvokeFunction"},
                                                  {destination}, target->key_range));
      Node& target_node = mapping(destination->range);
      put(target_node, "Type", target->key_range, text(std::string(type), target->key_range));
      put(target_node, "Destination", target->key_range, destination);
      put(config, to, target->key_range, &target_node);
    }
    if (!config.entries.empty()) {
      Node& invoke = mapping(destinations->value->range);
      put(invoke, "DestinationConfig", destinations->key_range, &config);
      put(properties, "EventInvokeConfig", destinations->key_range, &invoke);
    }
  }

  // The execution role: the function's own, the per-function role of the popular
  // serverless-iam-roles-per-function plugin, the provider's, or the shared IamRoleLambdaExecution.
  RoleStatements own;
  const Node* own_role = role_reference(function->get("role"), key_at);
  const Node* per_function_statements = function->get("iamRoleStatements");
  const Node* provider_role = nullptr;
  if (const Node* iam = provider("iam"); iam != nullptr && iam->is_mapping()) {
    const Node* role = iam->get("role");
    provider_role = role != nullptr && !role->is_mapping() ? role_reference(role, key_at)
                    : role != nullptr && role->intrinsic() != nullptr ? role
                                                                       : nullptr;
  } else if (const Node* role = provider("role")) {
    provider_role = role_reference(role, key_at);
  }
  RoleStatements* statements = nullptr;
  if (own_role != nullptr) {
    put(properties, "Role", key_at, own_role);
  } else if (per_function_statements != nullptr && per_function_statements->is_sequence()) {
    const std::string role_id = normalized_name(entry.key) + "IamRoleLambdaExecution";
    put(properties, "Role", key_at, get_att(role_id, "Arn", key_at));
    statements = &own;
    own.statements.insert(own.statements.end(), per_function_statements->items.begin(), per_function_statements->items.end());
    const Node* inherit = function->get("iamRoleStatementsInherit");
    if (inherit != nullptr && inherit->is_scalar() && inherit->scalar == "true") {
      own.statements.insert(own.statements.end(), m_provider_statements.begin(), m_provider_statements.end());
    }
  } else if (provider_role != nullptr) {
    put(properties, "Role", key_at, provider_role);
  } else {
    put(properties, "Role", key_at, get_att("IamRoleLambdaExecution", "Arn", key_at));
    statements = &m_shared;
    m_shared_used = true;
  }
  RoleStatements discarded; // a role the user wrote gets nothing from the framework
  RoleStatements& target = statements != nullptr ? *statements : discarded;

  if (const Node* events = function->get("events"); events != nullptr && events->is_sequence()) {
    Node& sam_events = mapping(events->range);
    for (std::size_t i = 0; i < events->items.size(); ++i) {
      add_event(sam_events, properties, id, events->items[i], i, target);
    }
    if (!sam_events.entries.empty()) {
      put(properties, "Events", function->find_entry("events")->key_range, &sam_events);
    }
  }
  const bool in_vpc = function->get("vpc") != nullptr || provider("vpc") != nullptr;
  const bool traced = properties.get("Tracing") != nullptr || (provider("tracing") != nullptr && provider("tracing")->get("lambda") != nullptr);
  target.statements.insert(target.statements.end(), destination_statements.begin(), destination_statements.end());
  if (traced) {
    target.statements.push_back(statement({"xray:PutTraceSegments", "xray:PutTelemetryRecords"}, {text("*", key_at)}, key_at));
  }
  if (const Node* dead_letter = function->get("onError"); dead_letter != nullptr && dead_letter->is_scalar() &&
                                                          dead_letter->scalar.find(":sns:") != std::string::npos) {
    target.statements.push_back(statement({"sns:Publish"}, {dead_letter}, dead_letter->range));
  }
  if (statements == &m_shared) {
    m_shared_vpc = m_shared_vpc || in_vpc;
    if (!function_name.empty() && !function_name.starts_with(m_service + "-" + m_stage)) {
      m_shared_log_groups.push_back(function_name);
    }
  } else if (statements == &own) {
    if (in_vpc) {
      own.managed.push_back(text("arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole", key_at));
    }
    const MappingEntry* written = function->find_entry("iamRoleStatements");
    add_role(normalized_name(entry.key) + "IamRoleLambdaExecution", written->key_range, own,
             {function_name.empty() ? std::string("*") : function_name}, nullptr,
             {written->key_range.begin, written->value != nullptr ? written->value->range.end : written->key_range.end});
  }

  // The log group the framework creates for every function, with the retention it is given.
  if (!function_name.empty()) {
    Node& group = mapping(key_at);
    put(group, "LogGroupName", key_at, text("/aws/lambda/" + function_name, key_at));
    const MappingEntry* retention = function->find_entry("logRetentionInDays");
    retention = retention != nullptr ? retention : provider_entry("logRetentionInDays");
    if (retention != nullptr) {
      put(group, "RetentionInDays", retention->key_range, retention->value);
    }
    // The group is named at the function's key, and its range covers the function's lines and one
    // character more: a position belongs to the smallest resource holding it, so what is written
    // in the function stays the function's (findings, suppressions), not its log group's.
    const std::uint32_t file_end = static_cast<std::uint32_t>(m_source.file->text().size());
    const SourceRange covered{key_at.begin, std::min(function->range.end + 1, file_end)};
    add_resource(normalized_name(entry.key) + "LogGroup", key_at, "AWS::Logs::LogGroup", &group, covered);
  }
  add_resource(id, key_at, "AWS::Serverless::Function", &properties, function->range);
}

void Translator::add_role(std::string id, SourceRange key_range, const RoleStatements& statements, const std::vector<std::string>& log_groups,
                          const Node* boundary, SourceRange range)
{
  Node& trust_statement = mapping(key_range);
  put(trust_statement, "Effect", key_range, text("Allow", key_range));
  Node& principal = mapping(key_range);
  put(principal, "Service", key_range, list({text("lambda.amazonaws.com", key_range)}, key_range));
  put(trust_statement, "Principal", key_range, &principal);
  put(trust_statement, "Action", key_range, list({text("sts:AssumeRole", key_range)}, key_range));
  Node& trust = mapping(key_range);
  put(trust, "Version", key_range, text("2012-10-17", key_range));
  put(trust, "Statement", key_range, list({&trust_statement}, key_range));

  std::vector<const Node*> create;
  std::vector<const Node*> put_events;
  for (const std::string& group : log_groups) {
    create.push_back(sub("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/" + group + ":*", key_range));
    put_events.push_back(sub("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/" + group + ":*:*", key_range));
  }
  std::vector<const Node*> all{statement({"logs:CreateLogStream", "logs:CreateLogGroup", "logs:TagResource"}, create, key_range),
                               statement({"logs:PutLogEvents"}, put_events, key_range)};
  all.insert(all.end(), statements.statements.begin(), statements.statements.end());
  Node& document = mapping(key_range);
  put(document, "Version", key_range, text("2012-10-17", key_range));
  put(document, "Statement", key_range, list(all, key_range));
  Node& policy = mapping(key_range);
  put(policy, "PolicyName", key_range, text(fmt::format("{}-{}-lambda", m_service, m_stage), key_range));
  put(policy, "PolicyDocument", key_range, &document);

  Node& properties = mapping(key_range);
  put(properties, "AssumeRolePolicyDocument", key_range, &trust);
  put(properties, "Policies", key_range, list({&policy}, key_range));
  if (!statements.managed.empty()) {
    put(properties, "ManagedPolicyArns", key_range, list(statements.managed, key_range));
  }
  put(properties, "PermissionsBoundary", key_range, boundary);
  add_resource(std::move(id), key_range, "AWS::IAM::Role", &properties, range);
}

void Translator::merge_user_resources()
{
  const Node* resources = m_root->get("resources");
  std::vector<const Node*> parts;
  if (resources != nullptr && resources->is_sequence()) {
    parts = resources->items;
  } else if (resources != nullptr) {
    parts.push_back(resources);
  }
  for (const Node* part : parts) {
    const Node* declared = part != nullptr ? part->get("Resources") : nullptr;
    if (declared == nullptr || !declared->is_mapping()) {
      continue;
    }
    for (const MappingEntry& entry : declared->entries) {
      // The user's resource replaces one the framework generates under the same id when it is
      // a whole resource; a partial override (no Type) is merged by the framework: not modelled.
      const bool whole = entry.value != nullptr && entry.value->get("Type") != nullptr;
      if (const auto found = m_resource_index.find(entry.key); found != m_resource_index.end()) {
        if (whole) {
          m_resources->entries[found->second] = entry;
        }
        continue;
      }
      if (whole) {
        m_resource_index[entry.key] = m_resources->entries.size();
        m_resources->entries.push_back(entry);
      }
    }
  }
}

void Translator::translate()
{
  m_root = resolved(m_source.root);
  m_provider = m_root->get("provider");
  const Node* service = m_root->get("service");
  if (service != nullptr && service->is_mapping()) {
    service = service->get("name");
  }
  m_service = service != nullptr && service->is_scalar() && !service->foreign_tag ? service->scalar : std::string();
  if (const Node* stage = provider("stage"); stage != nullptr && stage->is_scalar() && !stage->foreign_tag) {
    m_stage = stage->scalar;
  }
  if (const Node* region = provider("region"); region != nullptr && region->is_scalar() && !region->foreign_tag) {
    m_region = region->scalar;
  }
  const MappingEntry* service_entry = m_root->find_entry("service");
  Node& root = mapping(m_root->range);
  put(root, "Transform", service_entry->key_range, text("AWS::Serverless-2016-10-31", service_entry->key_range));
  add_globals(root);
  Node& resources = mapping(m_root->range);
  m_resources = &resources;

  // The shared role's statements and managed policies the user writes (provider.iam.role, or the
  // older provider.iamRoleStatements / iamManagedPolicies / rolePermissionsBoundary).
  const Node* iam_role = provider("iam") != nullptr ? provider("iam")->get("role") : nullptr;
  const Node* role_settings = iam_role != nullptr && iam_role->is_mapping() && iam_role->intrinsic() == nullptr ? iam_role : nullptr;
  auto setting = [&](std::string_view v3, std::string_view legacy) {
    const Node* written = role_settings != nullptr ? role_settings->get(v3) : nullptr;
    return written != nullptr ? written : provider(legacy);
  };
  if (const Node* written = setting("statements", "iamRoleStatements"); written != nullptr && written->is_sequence()) {
    m_shared.statements = written->items;
    m_provider_statements = written->items;
  }
  if (const Node* written = setting("managedPolicies", "iamManagedPolicies"); written != nullptr && written->is_sequence()) {
    m_shared.managed = written->items;
  }
  const Node* boundary = setting("permissionsBoundary", "rolePermissionsBoundary");

  if (const Node* functions = m_root->get("functions"); functions != nullptr && functions->is_mapping()) {
    for (const MappingEntry& entry : functions->entries) {
      add_function(entry);
    }
  }
  if (m_shared_used) {
    const MappingEntry* iam = provider_entry("iam");
    const SourceRange at = iam != nullptr ? iam->key_range : m_root->find_entry("provider")->key_range;
    std::vector<std::string> groups{m_service + "-" + m_stage + "*"};
    groups.insert(groups.end(), m_shared_log_groups.begin(), m_shared_log_groups.end());
    if (m_shared_vpc) {
      m_shared.managed.push_back(text("arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole", at));
    }
    const SourceRange covered = iam != nullptr && iam->value != nullptr ? SourceRange{iam->key_range.begin, iam->value->range.end} : at;
    add_role("IamRoleLambdaExecution", at, m_shared, groups, boundary, covered);
  }
  merge_user_resources();
  put(root, "Resources", m_root->find_entry("provider")->key_range, &resources);
  const Node* user = m_root->get("resources");
  for (const std::string_view section : {"Conditions", "Outputs", "Mappings", "Parameters"}) {
    if (user != nullptr && user->is_mapping()) {
      if (const MappingEntry* found = user->find_entry(section)) {
        root.entries.push_back(*found);
      }
    }
  }
  m_out.root = &root;
}

std::string handler_file(const fs::path& directory, const std::string& handler)
{
  // "src/orders.create" → src/orders.<ext> when it exists (the module), else the directory.
  const std::size_t dot = handler.rfind('.');
  const std::string module = dot == std::string::npos ? handler : handler.substr(0, dot);
  for (const std::string_view extension : {".js", ".mjs", ".cjs", ".ts", ".mts", ".py", ".rb", ".go", ".java"}) {
    std::error_code ignored;
    if (fs::is_regular_file(directory / (module + std::string(extension)), ignored)) {
      return module + std::string(extension);
    }
  }
  const std::string parent = fs::path(module).parent_path().string();
  return parent.empty() ? "." : parent;
}

} // namespace

std::string function_logical_id(std::string_view name)
{
  return normalized_name(name) + "LambdaFunction";
}

bool may_be_config(std::string_view text)
{
  return text.find("service") != std::string_view::npos && text.find("provider") != std::string_view::npos;
}

bool is_config(const Node* root)
{
  if (root == nullptr || !root->is_mapping() || root->get("service") == nullptr) {
    return false;
  }
  const Node* provider = root->get("provider");
  const Node* name = provider != nullptr && provider->is_mapping() ? provider->get("name") : nullptr;
  return name != nullptr && name->is_scalar() && name->scalar == "aws";
}

bool is_config_name(std::string_view path)
{
  const std::string name = fs::path(path).filename().string();
  return name == "serverless.yml" || name == "serverless.yaml";
}

bool is_packaged_beside_config(std::string_view path)
{
  const fs::path file(path);
  if (file.filename() != "cloudformation-template-update-stack.json" || file.parent_path().filename() != ".serverless") {
    return false;
  }
  const fs::path project = file.parent_path().parent_path().empty() ? fs::path(".") : file.parent_path().parent_path();
  std::error_code ignored;
  return fs::is_regular_file(project / "serverless.yml", ignored) || fs::is_regular_file(project / "serverless.yaml", ignored);
}

BuiltUnit build(const FrontendInput& input)
{
  BuiltUnit built;
  const ParsedDocument& source = input.document();
  if (source.root == nullptr && is_config_name(input.path())) {
    built.model = cfn::build_model(source); // the syntax errors (LL001)
    built.editable = false;
    return built;
  }
  if (!is_config(source.root)) {
    return built;
  }
  ParsedDocument synthesized;
  synthesized.file = source.file;
  synthesized.problems = source.problems;
  Translator translator(source, synthesized);
  translator.translate();
  built.model = cfn::build_model(synthesized);
  built.editable = false; // fixes are written in template syntax, not in the framework's
  Model& model = *built.model;
  report_unknown_function_properties(source.root, source.file, model);

  // References to resources the framework generates are resolved at packaging.
  std::erase_if(model.problems, [](const ModelProblem& problem) {
    if (problem.rule_id != "LL003") {
      return false;
    }
    const std::string_view fingerprint = problem.fingerprint;
    const std::size_t colon = fingerprint.rfind(':');
    std::string_view name = colon == std::string_view::npos ? fingerprint : fingerprint.substr(colon + 1);
    name = name.substr(0, name.find('.'));
    return is_generated_name(name);
  });

  const fs::path directory = fs::path(input.path()).parent_path().empty() ? fs::path(".") : fs::path(input.path()).parent_path();
  for (Function& function : model.functions) {
    function.names.timeout = "timeout";
    function.names.memory_size = "memorySize";
    function.names.ephemeral_storage = "ephemeralStorageSize";
    function.names.runtime = "runtime";
    function.names.reserved_concurrency = "reservedConcurrency";
    function.names.vpc_config = "vpc";
    function.names.subnet_ids = "subnetIds";
    function.names.security_group_ids = "securityGroupIds";
    function.names.kms_key_arn = "kmsKeyArn";
    function.names.tracing = "tracing";
    function.names.tracing_mode = "tracing";
    function.names.dead_letter = "onError";
    if (const auto handler = translator.handlers.find(function.resource->id); handler != translator.handlers.end()) {
      function.code.kind = FunctionCode::Kind::local_path;
      function.code.local_path = handler_file(directory, handler->second);
      function.code.written = function.handler;
    }
  }
  for (EventSourceMapping& mapping : model.event_source_mappings) {
    mapping.batch_size_name = "batchSize";
    mapping.maximum_concurrency_name = "maximumConcurrency";
    mapping.starting_position_name = "startingPosition";
    mapping.maximum_batching_window_name = "maximumBatchingWindow";
  }
  for (LogGroup& group : model.log_groups) {
    group.retention_days_name = "logRetentionInDays";
  }
  auto map = std::make_shared<SourceMap>();
  for (const auto& [id, key] : translator.function_keys) {
    if (const Resource* resource = model.find_resource(id)) {
      map->resources.push_back({resource->file, resource->range, id, key, std::nullopt});
    }
  }
  for (const auto& [range, reason] : translator.generated) {
    map->generated.push_back({{source.file, range}, reason});
  }
  built.source_map = std::move(map);
  return built;
}

} // namespace lint::serverless
