// AWS CLI exports → Model. See snapshot.h and docs/audit.md.
//
// Output shapes (the AWS CLI prints the API response):
// - Lambda FunctionConfiguration (list-functions Functions[], get-function Configuration,
//   get-function-configuration): https://docs.aws.amazon.com/lambda/latest/api/API_FunctionConfiguration.html
// - get-function adds Concurrency {ReservedConcurrentExecutions}:
//   https://docs.aws.amazon.com/lambda/latest/api/API_GetFunction.html
// - get-policy: {Policy: "<resource policy JSON as a string>", RevisionId}:
//   https://docs.aws.amazon.com/lambda/latest/api/API_GetPolicy.html
// - EventSourceMappingConfiguration: https://docs.aws.amazon.com/lambda/latest/api/API_EventSourceMappingConfiguration.html
// - FunctionUrlConfig: https://docs.aws.amazon.com/lambda/latest/api/API_FunctionUrlConfig.html
// - IAM RoleDetail / ManagedPolicyDetail / PolicyVersion (documents "URL-encoded compliant with
//   RFC 3986"; the AWS CLI decodes them to objects, other SDK tools print the encoded string):
//   https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html
// - get-template: {TemplateBody, StagesAvailable: [Original, Processed]}:
//   https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_GetTemplate.html
#include "analyzer/audit/snapshot.h"

#include "analyzer/audit/embedded.h"
#include "analyzer/cfn/frontend.h"
#include "analyzer/iam/managed.h"
#include "analyzer/node_value.h"
#include "analyzer/terraform/plan_frontend.h"
#include "support/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <span>
#include <unordered_map>

namespace lint::audit {
namespace {

bool has(const Node* node, std::string_view key)
{
  return node != nullptr && node->is_mapping() && node->get(key) != nullptr;
}

bool is_get_template(const Node* root)
{
  const Node* body = root != nullptr && root->is_mapping() ? root->get("TemplateBody") : nullptr;
  return body != nullptr && (body->is_mapping() || body->is_scalar());
}

std::unique_ptr<Model> build_get_template(const ParsedDocument& document)
{
  std::optional<ParsedDocument> body = template_body(document);
  if (!body || (body->root != nullptr && !cfn::is_template(body->root))) {
    return nullptr; // a "TemplateBody" that holds no template: not a get-template output
  }
  return cfn::build_model(*body);
}

std::unique_ptr<Model> build_terraform_show_json(const ParsedDocument& document)
{
  // Each state file of an audit is its own unit (docs/audit.md); .tf files beside it, when an
  // auditor keeps them there, give the findings their source lines.
  return terraform::build_plan_model(document);
}

constexpr StandaloneInput k_standalone[] = {
  {"aws cloudformation get-template", is_get_template, build_get_template},
  {"terraform show -json", terraform::is_plan_document, build_terraform_show_json},
};

/// The function name part of a Lambda ARN (qualifier dropped), or the text itself when it is a name.
std::string_view function_name_of(std::string_view text)
{
  if (!text.starts_with("arn:")) {
    return text;
  }
  const std::size_t marker = text.find(":function:");
  if (marker == std::string_view::npos) {
    return {};
  }
  text = text.substr(marker + 10);
  return text.substr(0, text.find(':'));
}

std::string lower(std::string_view text)
{
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

std::string last_segment(std::string_view arn)
{
  const std::size_t slash = arn.rfind('/');
  return std::string(slash == std::string_view::npos ? arn : arn.substr(slash + 1));
}

} // namespace

std::string_view to_string(ExportKind kind)
{
  switch (kind) {
  case ExportKind::none: return "none";
  case ExportKind::get_template: return "aws cloudformation get-template";
  case ExportKind::authorization_details: return "aws iam get-account-authorization-details";
  case ExportKind::function_list: return "aws lambda list-functions";
  case ExportKind::function: return "aws lambda get-function";
  case ExportKind::function_configuration: return "aws lambda get-function-configuration";
  case ExportKind::function_concurrency: return "aws lambda get-function-concurrency";
  case ExportKind::function_policy: return "aws lambda get-policy";
  case ExportKind::event_source_mappings: return "aws lambda list-event-source-mappings";
  case ExportKind::event_source_mapping: return "aws lambda get-event-source-mapping";
  case ExportKind::function_url_configs: return "aws lambda list-function-url-configs";
  case ExportKind::function_url_config: return "aws lambda get-function-url-config";
  }
  return "none";
}

bool may_be_export(std::string_view text)
{
  for (std::string_view key : {"TemplateBody", "RoleDetailList", "FunctionArn", "EventSourceMappings", "RevisionId",
                               "ReservedConcurrentExecutions", "FunctionUrlConfigs"}) {
    if (text.find(key) != std::string_view::npos) {
      return true;
    }
  }
  return false;
}

ExportKind detect_export(const Node* root)
{
  if (root == nullptr || !root->is_mapping()) {
    return ExportKind::none;
  }
  if (is_get_template(root)) {
    return ExportKind::get_template;
  }
  const Node* roles = root->get("RoleDetailList");
  if ((roles != nullptr && roles->is_sequence()) || (has(root, "Policies") && (has(root, "UserDetailList") || has(root, "GroupDetailList")))) {
    return ExportKind::authorization_details;
  }
  if (const Node* functions = root->get("Functions"); functions != nullptr && functions->is_sequence()) {
    return ExportKind::function_list;
  }
  if (const Node* configuration = root->get("Configuration"); has(configuration, "FunctionArn")) {
    return ExportKind::function;
  }
  if (has(root, "FunctionArn") && has(root, "FunctionName")) {
    return ExportKind::function_configuration;
  }
  if (root->entries.size() == 1 && has(root, "ReservedConcurrentExecutions")) {
    return ExportKind::function_concurrency;
  }
  if (const Node* policy = root->get("Policy"); policy != nullptr && policy->is_scalar() && has(root, "RevisionId")) {
    return ExportKind::function_policy;
  }
  if (const Node* mappings = root->get("EventSourceMappings"); mappings != nullptr && mappings->is_sequence()) {
    return ExportKind::event_source_mappings;
  }
  if (has(root, "UUID") && (has(root, "EventSourceArn") || has(root, "FunctionArn"))) {
    return ExportKind::event_source_mapping;
  }
  if (const Node* urls = root->get("FunctionUrlConfigs"); urls != nullptr && urls->is_sequence()) {
    return ExportKind::function_url_configs;
  }
  if (has(root, "FunctionUrl") && has(root, "AuthType")) {
    return ExportKind::function_url_config;
  }
  return ExportKind::none;
}

std::span<const StandaloneInput> standalone_inputs()
{
  return k_standalone;
}

std::optional<ParsedDocument> template_body(const ParsedDocument& export_document)
{
  const Node* body = export_document.root != nullptr && export_document.root->is_mapping() ? export_document.root->get("TemplateBody") : nullptr;
  if (body == nullptr) {
    return std::nullopt;
  }
  if (body->is_mapping()) {
    // The body is a subtree of the export: parse the file again (documents own their trees) and
    // take the same subtree, so ranges are the export file's own.
    ParsedDocument document = parse_document(export_document.file);
    const Node* again = document.root != nullptr && document.root->is_mapping() ? document.root->get("TemplateBody") : nullptr;
    if (again == nullptr) {
      return std::nullopt;
    }
    document.root = again;
    return document;
  }
  if (body->is_scalar()) {
    return parse_embedded(export_document.file, *body, StringEncoding::plain);
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------

struct SnapshotBuilder::State {
  std::vector<std::pair<std::shared_ptr<const ParsedDocument>, ExportKind>> documents;
};

namespace {

class Joiner {
public:
  explicit Joiner(Model& model) : m_model(model) {}

  const Value* value_of(const Node* node, const SourceFilePtr& file)
  {
    NodeValueOptions options;
    options.file = file;
    options.max_depth = 200;
    return node_value(node, m_model.values, options);
  }

  /// A policy document: an object, or a (URL-encoded) JSON string parsed in place.
  const Value* document_of(const Node* node, const SourceFilePtr& file)
  {
    if (node == nullptr || !node->is_scalar()) {
      return value_of(node, file);
    }
    const StringEncoding encoding = looks_url_encoded(node->scalar) ? StringEncoding::url_encoded : StringEncoding::plain;
    std::optional<ParsedDocument> inner = parse_embedded(file, *node, encoding);
    if (!inner || inner->root == nullptr || !inner->problems.empty()) {
      Value& unknown = m_model.values.make(ValueKind::unknown, node->range);
      unknown.text = "policy document that is not valid JSON";
      unknown.file = file;
      return &unknown;
    }
    return value_of(inner->root, file);
  }

  /// Export objects are not CloudFormation properties: resources keep `properties` null (so LL004
  /// has nothing to check) and facets read the export's own values.
  Resource& add_resource(std::string id, std::string type, const SourceFilePtr& file, const Node* object, const Node* id_node)
  {
    Resource& resource = m_model.resources.emplace_back();
    resource.id = std::move(id);
    resource.type = std::move(type);
    resource.file = file;
    resource.range = object->range;
    resource.id_range = id_node != nullptr ? id_node->range : SourceRange{object->range.begin, object->range.begin + 1};
    resource.type_range = resource.id_range;
    return resource;
  }

  // -- IAM -------------------------------------------------------------------------------------

  void add_managed_policy(const Node* object, const SourceFilePtr& file)
  {
    const Node* arn = object->get("Arn");
    const Node* name = object->get("PolicyName");
    if (arn == nullptr || !arn->is_scalar() || name == nullptr || !name->is_scalar()) {
      return;
    }
    if (data::find_managed_policy_by_arn(arn->scalar) != nullptr) {
      return; // AWS managed: attached roles read the compiled document
    }
    const Node* document = nullptr;
    const Node* default_version = object->get("DefaultVersionId");
    if (const Node* versions = object->get("PolicyVersionList"); versions != nullptr && versions->is_sequence()) {
      for (const Node* version : versions->items) {
        const Node* is_default = version->get("IsDefaultVersion");
        const Node* id = version->get("VersionId");
        const bool chosen = (is_default != nullptr && is_default->scalar == "true") ||
                            (default_version != nullptr && id != nullptr && id->scalar == default_version->scalar);
        if (chosen) {
          document = version->get("Document");
          break;
        }
      }
    }
    Resource& resource = add_resource(name->scalar, "AWS::IAM::ManagedPolicy", file, object, name);
    const Value* detail = value_of(object, file);
    Policy& policy = m_model.policies.emplace_back();
    policy.origin = PolicyOrigin::customer_managed;
    policy.name = name->scalar;
    policy.resource = &resource;
    policy.location = resource.at_id();
    policy.arn = detail->get("Arn");
    if (document != nullptr) {
      policy.document = document_of(document, file);
      policy.statements = policy_statements(policy.document);
    } else {
      policy.origin = PolicyOrigin::unknown; // no default version in the export: its document is not known
    }
    m_policies_by_arn.emplace(arn->scalar, &policy);
  }

  void add_role(const Node* object, const SourceFilePtr& file)
  {
    const Node* name = object->get("RoleName");
    if (name == nullptr || !name->is_scalar()) {
      return;
    }
    Resource& resource = add_resource(name->scalar, "AWS::IAM::Role", file, object, name);
    const Value* detail = value_of(object, file);
    Role& role = m_model.roles.emplace_back();
    role.id = name->scalar;
    role.resource = &resource;
    role.location = resource.at_id();
    role.trust_policy = document_of(object->get("AssumeRolePolicyDocument"), file);
    role.trust_statements = policy_statements(role.trust_policy);
    role.permissions_boundary = get_path(detail, {"PermissionsBoundary", "PermissionsBoundaryArn"});
    if (const Node* inline_policies = object->get("RolePolicyList"); inline_policies != nullptr && inline_policies->is_sequence()) {
      for (std::size_t i = 0; i < inline_policies->items.size(); ++i) {
        const Node* entry = inline_policies->items[i];
        Policy& policy = m_model.policies.emplace_back();
        policy.origin = PolicyOrigin::inline_policy;
        const Node* policy_name = entry->get("PolicyName");
        policy.name = policy_name != nullptr && policy_name->is_scalar() ? policy_name->scalar : fmt::format("{}.RolePolicyList[{}]", role.id, i);
        policy.resource = &resource;
        policy.location = resource.location(entry->range);
        policy.document = document_of(entry->get("PolicyDocument"), file);
        policy.statements = policy_statements(policy.document);
        role.policies.push_back(&policy);
      }
    }
    if (const Node* attached = object->get("AttachedManagedPolicies"); attached != nullptr && attached->is_sequence()) {
      for (const Node* entry : attached->items) {
        const Node* arn = entry->get("PolicyArn");
        if (arn == nullptr || !arn->is_scalar()) {
          continue;
        }
        if (auto found = m_policies_by_arn.find(arn->scalar); found != m_policies_by_arn.end()) {
          if (std::find(role.policies.begin(), role.policies.end(), found->second) == role.policies.end()) {
            role.policies.push_back(found->second);
          }
          continue;
        }
        Policy& policy = m_model.policies.emplace_back();
        policy.arn = value_of(arn, file);
        policy.resource = &resource;
        policy.location = resource.location(entry->range);
        if (const data::ManagedPolicySpec* spec = data::find_managed_policy_by_arn(arn->scalar)) {
          policy.origin = PolicyOrigin::aws_managed;
          policy.name = std::string(spec->name);
        } else {
          policy.origin = PolicyOrigin::unknown; // not in this export (filtered out) and not AWS managed
          policy.name = last_segment(arn->scalar);
        }
        role.policies.push_back(&policy);
      }
    }
    if (const Node* arn = object->get("Arn"); arn != nullptr && arn->is_scalar()) {
      m_roles_by_arn.emplace(arn->scalar, &role);
    }
    m_roles_by_name.emplace(role.id, &role);
  }

  void add_authorization_details(const ParsedDocument& document)
  {
    if (const Node* policies = document.root->get("Policies"); policies != nullptr && policies->is_sequence()) {
      for (const Node* object : policies->items) {
        if (object->is_mapping()) {
          add_managed_policy(object, document.file);
        }
      }
    }
    if (const Node* roles = document.root->get("RoleDetailList"); roles != nullptr && roles->is_sequence()) {
      for (const Node* object : roles->items) {
        if (object->is_mapping()) {
          add_role(object, document.file);
        }
      }
    }
  }

  // -- Lambda ----------------------------------------------------------------------------------

  Function* add_function(const Node* object, const SourceFilePtr& file)
  {
    const Node* name = object != nullptr ? object->get("FunctionName") : nullptr;
    if (name == nullptr || !name->is_scalar()) {
      return nullptr;
    }
    if (auto found = m_functions_by_name.find(name->scalar); found != m_functions_by_name.end()) {
      return found->second; // listed twice (list-functions and get-function): the first one counts
    }
    Resource& resource = add_resource(name->scalar, "AWS::Lambda::Function", file, object, name);
    const Value* config = value_of(object, file);
    Function& function = m_model.functions.emplace_back();
    function.resource = &resource;
    cfn::read_function_properties(function, config); // the API's names are CloudFormation's, but:
    function.kms_key_arn = config->get("KMSKeyArn");   // the API spells it KMSKeyArn
    // The API prints an empty VpcConfig ({SubnetIds: [], SecurityGroupIds: [], VpcId: ""}) for a
    // function outside any VPC: that is no VPC, not an incomplete one.
    if (list_items(function.vpc_subnet_ids).empty() && list_items(function.vpc_security_group_ids).empty()) {
      function.vpc_config = nullptr;
      function.vpc_subnet_ids = nullptr;
      function.vpc_security_group_ids = nullptr;
    }
    // Reserved concurrency is not part of FunctionConfiguration: unknown until get-function /
    // get-function-concurrency says otherwise.
    Value& unknown = m_model.values.make(ValueKind::unknown, resource.id_range);
    unknown.text = "reserved concurrency is not in the snapshot";
    unknown.file = file;
    function.reserved_concurrency = &unknown;
    // list-functions lists no versions: whether any is published cannot be said.
    Value& versions_unknown = m_model.values.make(ValueKind::unknown, resource.id_range);
    versions_unknown.text = "published versions are not in the snapshot";
    versions_unknown.file = file;
    function.publishes_versions = &versions_unknown;
    m_functions_by_name.emplace(name->scalar, &function);
    return &function;
  }

  /// get-function's Concurrency, or a get-function-concurrency file (its output names no function:
  /// the file name does, `<function>.concurrency.json`). An absent setting is known to be unset.
  void set_concurrency(Function& function, const Node* concurrency, const SourceFilePtr& file)
  {
    const Node* amount = concurrency != nullptr ? concurrency->get("ReservedConcurrentExecutions") : nullptr;
    function.reserved_concurrency = amount != nullptr ? value_of(amount, file) : nullptr;
  }

  void add_permissions(const ParsedDocument& document)
  {
    const Node* text = document.root->get("Policy");
    std::optional<ParsedDocument> policy = parse_embedded(document.file, *text, StringEncoding::plain);
    if (!policy || policy->root == nullptr) {
      return;
    }
    const Value* value = value_of(policy->root, document.file);
    std::size_t index = 0;
    for (const Statement& statement : policy_statements(value)) {
      const Value* target = statement.resource;
      const auto target_text = as_string(target);
      Function* function = target_text ? find_function(*target_text) : nullptr;
      const auto sid = as_string(statement.sid);
      const std::string owner = function != nullptr ? function->resource->id : std::string(target_text ? function_name_of(*target_text) : "");
      Resource& resource = m_model.resources.emplace_back();
      resource.id = fmt::format("{}/{}", owner, sid ? std::string(*sid) : fmt::format("Statement[{}]", index));
      resource.type = "AWS::Lambda::Permission";
      resource.file = document.file;
      resource.range = statement.value->range;
      resource.id_range = statement.sid != nullptr ? statement.sid->range : statement.value->range;
      resource.type_range = resource.id_range;
      ++index;
      // The properties AddPermission was called with, as AWS::Lambda::Permission spells them, each
      // pointing at where the statement says it.
      Value& properties = m_model.values.make(ValueKind::map, statement.value->range);
      properties.file = document.file;
      auto put = [&](std::string_view key, const Value* item) {
        if (item != nullptr) {
          properties.entries.push_back({std::string(key), item->range, item});
        }
      };
      put("Action", statement.action);
      put("FunctionName", target);
      put("Principal", principal_of(statement.principal));
      put("SourceArn", condition_value(statement.condition, "aws:sourcearn"));
      put("SourceAccount", condition_value(statement.condition, "aws:sourceaccount"));
      put("PrincipalOrgID", condition_value(statement.condition, "aws:principalorgid"));
      put("FunctionUrlAuthType", condition_value(statement.condition, "lambda:functionurlauthtype"));
      put("EventSourceToken", condition_value(statement.condition, "lambda:eventsourcetoken"));
      resource.properties = &properties;
      Permission& permission = m_model.permissions.emplace_back();
      permission.resource = &resource;
      cfn::read_permission_properties(permission, resource.properties);
      permission.function = function;
    }
  }

  /// Principal "*", {"Service": "s3.amazonaws.com"}, {"AWS": "arn:aws:iam::1234:root"}: the one
  /// principal AddPermission was given, as its Principal parameter spells it.
  static const Value* principal_of(const Value* principal)
  {
    if (principal == nullptr || principal->kind != ValueKind::map || principal->entries.size() != 1) {
      return principal;
    }
    return principal->entries.front().value;
  }

  /// A condition key's value under any operator (keys are case-insensitive).
  static const Value* condition_value(const Value* condition, std::string_view lower_key)
  {
    if (condition == nullptr || condition->kind != ValueKind::map) {
      return nullptr;
    }
    for (const ValueEntry& operator_entry : condition->entries) {
      if (operator_entry.value == nullptr || operator_entry.value->kind != ValueKind::map) {
        continue;
      }
      for (const ValueEntry& entry : operator_entry.value->entries) {
        if (lower(entry.key) == lower_key) {
          return entry.value;
        }
      }
    }
    return nullptr;
  }

  void add_url(const Node* object, const SourceFilePtr& file)
  {
    const Node* arn = object->get("FunctionArn");
    if (arn == nullptr || !arn->is_scalar()) {
      return;
    }
    Function* function = find_function(arn->scalar);
    Resource& resource = add_resource(fmt::format("{}/url", function != nullptr ? function->resource->id : std::string(function_name_of(arn->scalar))),
                                      "AWS::Lambda::Url", file, object, object->get("FunctionUrl"));
    const Value* config = value_of(object, file);
    FunctionUrl& url = m_model.function_urls.emplace_back();
    url.resource = &resource;
    url.auth_type = config->get("AuthType");
    url.cors = config->get("Cors");
    url.function = function;
  }

  void add_mapping(const Node* object, const SourceFilePtr& file)
  {
    const Node* uuid = object->get("UUID");
    if (uuid == nullptr || !uuid->is_scalar()) {
      return;
    }
    if (!m_mapping_ids.insert(uuid->scalar).second) {
      return; // listed twice
    }
    Resource& resource = add_resource(uuid->scalar, "AWS::Lambda::EventSourceMapping", file, object, uuid);
    const Value* config = value_of(object, file);
    EventSourceMapping& mapping = m_model.event_source_mappings.emplace_back();
    mapping.resource = &resource;
    mapping.function_name = config->get("FunctionArn");
    mapping.event_source_arn = config->get("EventSourceArn");
    cfn::read_mapping_settings(mapping, config);
    mapping.source_kind = source_kind_of_arn(mapping.event_source_arn);
    if (const auto arn = as_string(mapping.function_name)) {
      mapping.function = find_function(*arn);
    }
  }

  Function* find_function(std::string_view name_or_arn)
  {
    const auto found = m_functions_by_name.find(std::string(function_name_of(name_or_arn)));
    return found != m_functions_by_name.end() ? found->second : nullptr;
  }

  /// Execution roles by ARN (the role's path included), else by the role name at its end.
  void link_roles()
  {
    for (Function& function : m_model.functions) {
      const auto arn = as_string(function.role);
      if (!arn) {
        continue;
      }
      Role* role = nullptr;
      if (auto found = m_roles_by_arn.find(std::string(*arn)); found != m_roles_by_arn.end()) {
        role = found->second;
      } else if (auto named = m_roles_by_name.find(last_segment(*arn)); named != m_roles_by_name.end()) {
        role = named->second;
      }
      if (role != nullptr) {
        function.execution_role = role;
        role->functions.push_back(&function);
      }
    }
  }

private:
  Model& m_model;
  std::unordered_map<std::string, Policy*> m_policies_by_arn;
  std::unordered_map<std::string, Role*> m_roles_by_arn;
  std::unordered_map<std::string, Role*> m_roles_by_name;
  std::unordered_map<std::string, Function*> m_functions_by_name;
  std::set<std::string> m_mapping_ids;
};

/// `<function>.concurrency.json` → "<function>".
std::string function_of_concurrency_file(const std::string& path)
{
  std::string stem = std::filesystem::path(path).stem().string();
  if (stem.ends_with(".concurrency")) {
    stem.resize(stem.size() - std::string_view(".concurrency").size());
  }
  return stem;
}

} // namespace

SnapshotBuilder::SnapshotBuilder() : m_state(std::make_unique<State>()) {}
SnapshotBuilder::~SnapshotBuilder() = default;

void SnapshotBuilder::add(std::shared_ptr<const ParsedDocument> document, ExportKind kind)
{
  if (document == nullptr || document->root == nullptr || kind == ExportKind::none || kind == ExportKind::get_template) {
    return;
  }
  m_state->documents.emplace_back(std::move(document), kind);
}

std::unique_ptr<Model> SnapshotBuilder::build()
{
  auto model = std::make_unique<Model>();
  Joiner joiner(*model);
  auto each = [&](std::initializer_list<ExportKind> kinds, auto&& action) {
    for (const auto& [document, kind] : m_state->documents) {
      if (std::find(kinds.begin(), kinds.end(), kind) != kinds.end()) {
        if (model->file == nullptr) {
          model->file = document->file;
        }
        action(*document, kind);
      }
    }
  };
  // IAM first (functions link to roles), functions before everything that names one.
  each({ExportKind::authorization_details}, [&](const ParsedDocument& document, ExportKind) { joiner.add_authorization_details(document); });
  each({ExportKind::function_list, ExportKind::function, ExportKind::function_configuration}, [&](const ParsedDocument& document, ExportKind kind) {
    const Node* root = document.root;
    if (kind == ExportKind::function_list) {
      for (const Node* object : root->get("Functions")->items) {
        if (object->is_mapping()) {
          joiner.add_function(object, document.file);
        }
      }
    } else if (kind == ExportKind::function) {
      if (Function* function = joiner.add_function(root->get("Configuration"), document.file)) {
        joiner.set_concurrency(*function, root->get("Concurrency"), document.file);
      }
    } else {
      joiner.add_function(root, document.file);
    }
  });
  each({ExportKind::function_concurrency}, [&](const ParsedDocument& document, ExportKind) {
    if (Function* function = joiner.find_function(function_of_concurrency_file(document.file->path()))) {
      joiner.set_concurrency(*function, document.root, document.file);
    }
  });
  each({ExportKind::function_policy}, [&](const ParsedDocument& document, ExportKind) { joiner.add_permissions(document); });
  each({ExportKind::function_url_configs, ExportKind::function_url_config}, [&](const ParsedDocument& document, ExportKind kind) {
    if (kind == ExportKind::function_url_config) {
      joiner.add_url(document.root, document.file);
      return;
    }
    for (const Node* object : document.root->get("FunctionUrlConfigs")->items) {
      if (object->is_mapping()) {
        joiner.add_url(object, document.file);
      }
    }
  });
  each({ExportKind::event_source_mappings, ExportKind::event_source_mapping}, [&](const ParsedDocument& document, ExportKind kind) {
    if (kind == ExportKind::event_source_mapping) {
      joiner.add_mapping(document.root, document.file);
      return;
    }
    for (const Node* object : document.root->get("EventSourceMappings")->items) {
      if (object->is_mapping()) {
        joiner.add_mapping(object, document.file);
      }
    }
  });
  joiner.link_roles();
  model->index();
  return model;
}

std::unique_ptr<Model> model_of_export(ParsedDocument document, ExportKind kind)
{
  if (kind == ExportKind::none) {
    return nullptr;
  }
  if (kind == ExportKind::get_template) {
    return build_get_template(document);
  }
  SnapshotBuilder builder;
  builder.add(std::make_shared<const ParsedDocument>(std::move(document)), kind);
  return builder.build();
}

std::span<const std::string_view> SnapshotBuilder::rules_without_facts()
{
  // LL804: log groups and their retention are not part of these exports.
  static constexpr std::string_view k_rules[] = {"LL804"};
  return k_rules;
}

} // namespace lint::audit
