#include "analyzer/sam/expansion.h"

#include "analyzer/cfn/frontend.h"
#include "analyzer/cfn/state_machine.h"
#include "analyzer/cfn/trigger_source.h"
#include "analyzer/invoke.h"
#include "analyzer/sam/globals.h"
#include "analyzer/sam/policy_templates.h"
#include "data/managed_policies.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <optional>

// What the SAM translator generates, as read in its source (aws/serverless-application-model,
// samtranslator/): model/sam_resources.py (SamFunction: _construct_role, _construct_alias,
// _construct_function_url, _construct_event_invoke_config), model/role_utils/role_constructor.py,
// model/iam.py (IAMRolePolicies), model/eventsources/pull.py and push.py, model/xray_utils.py,
// model/stepfunctions/generators.py, plugins/globals/globals.py.
// https://github.com/aws/serverless-application-model/tree/develop/samtranslator

namespace lint::sam {
namespace {

constexpr std::string_view k_function = "AWS::Serverless::Function";
constexpr std::string_view k_state_machine = "AWS::Serverless::StateMachine";
constexpr std::string_view k_serverless_prefix = "AWS::Serverless::";

SourceRange span(const ValueEntry& entry)
{
  return {entry.key_range.begin, entry.value != nullptr ? std::max(entry.key_range.end, entry.value->range.end) : entry.key_range.end};
}

/// A new ARN template `arn:${AWS::Partition}:<service>:${AWS::Region}:${AWS::AccountId}` (the form
/// SAM writes for the ARNs it builds); callers append the resource part.
Value& regional_arn(ValueArena& values, std::string_view service, SourceRange at)
{
  Value& arn = values.make(ValueKind::text_template, at);
  arn.parts.push_back({"arn:", false, {}});
  arn.parts.push_back({{}, true, {Reference::Target::pseudo, "AWS::Partition", {}}});
  arn.parts.push_back({":" + std::string(service) + ":", false, {}});
  arn.parts.push_back({{}, true, {Reference::Target::pseudo, "AWS::Region", {}}});
  arn.parts.push_back({":", false, {}});
  arn.parts.push_back({{}, true, {Reference::Target::pseudo, "AWS::AccountId", {}}});
  return arn;
}

/// The text of a value when it is a literal, or a template whose only references are
/// AWS::Partition (taken as "aws", the partition whose managed policies we know) and literals.
std::optional<std::string> literal_text(const Value* value)
{
  if (const auto text = as_string(value); text && value->kind == ValueKind::string) {
    return std::string(*text);
  }
  if (value == nullptr || value->kind != ValueKind::text_template) {
    return std::nullopt;
  }
  std::string out;
  for (const TemplatePart& part : value->parts) {
    if (!part.is_reference) {
      out += part.literal;
    } else if (part.reference.target == Reference::Target::pseudo && part.reference.name == "AWS::Partition") {
      out += "aws";
    } else {
      return std::nullopt;
    }
  }
  return out;
}

/// SAM's _get_managed_policy_arn: a name from the bundled AWS managed policy map becomes its ARN
/// (with its path: service-role/, job-function/...), an ARN stays as written.
std::optional<std::string> managed_policy_arn(std::string_view written)
{
  if (const data::ManagedPolicySpec* spec = data::find_managed_policy_by_name(written)) {
    return std::string(spec->arn);
  }
  if (written.starts_with("arn:")) {
    return std::string(written);
  }
  return std::nullopt;
}

std::string_view last_segment(std::string_view path)
{
  const std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// How a value of a DefinitionBody looks to the translator, which reads the template as JSON
// before CloudFormation resolves anything: an intrinsic function is a one-key dict there. What we
// cannot see as written (an unresolved value, a parameter's default standing for its Ref,
// AWS::NoValue) gives nullopt below.
bool written_as_intrinsic(const Value* value)
{
  return value->kind == ValueKind::reference || value->kind == ValueKind::text_template || value->kind == ValueKind::choice;
}

bool seen_as_written(const Value* value)
{
  return value->kind != ValueKind::unknown && value->kind != ValueKind::absent && value->via_parameter.empty();
}

/// Python's bool() of the value as the translator sees it.
std::optional<bool> python_truthy(const Value* value)
{
  if (value == nullptr) {
    return false; // dict.get() of a missing key: None
  }
  if (!seen_as_written(value)) {
    return std::nullopt;
  }
  switch (value->kind) {
  case ValueKind::null: return false;
  case ValueKind::boolean: return value->boolean;
  case ValueKind::number: return value->number != 0;
  case ValueKind::string: return !value->text.empty();
  case ValueKind::list: return !value->items.empty();
  case ValueKind::map: return !value->entries.empty();
  default: return written_as_intrinsic(value) ? std::optional<bool>(true) : std::nullopt;
  }
}

/// isinstance(value, dict) as the translator sees it.
std::optional<bool> python_dict(const Value* value)
{
  if (value == nullptr) {
    return false;
  }
  if (!seen_as_written(value)) {
    return std::nullopt;
  }
  return value->kind == ValueKind::map || written_as_intrinsic(value);
}

/// `re.match(r"\A3(\.\d)(\.\d)?$", str(openapi))`: OpenAPI 3.x.y, as BaseEditor
/// _OPENAPI_VERSION_3_REGEX checks it. A number is compared by the text Python would print for
/// it, which we only know when its written text is already that form.
std::optional<bool> openapi_version_3(const Value* value)
{
  if (value == nullptr || !seen_as_written(value)) {
    return std::nullopt;
  }
  if (written_as_intrinsic(value)) {
    return false; // str() of a dict
  }
  if (value->kind != ValueKind::string && value->kind != ValueKind::number) {
    return false; // None, True, a list: their str() is not a version
  }
  const std::string& text = value->text;
  const bool matches = (text.size() == 3 || text.size() == 5) && text[0] == '3' && text[1] == '.' && std::isdigit(static_cast<unsigned char>(text[2])) &&
                       (text.size() == 3 || (text[3] == '.' && std::isdigit(static_cast<unsigned char>(text[4]))));
  if (!matches && value->kind == ValueKind::number) {
    return std::nullopt; // 3.00 is printed 3.0 by Python: not worth guessing
  }
  return matches;
}

/// Whether SAM writes an event's path into an API's DefinitionBody. Api events edit it with
/// SwaggerEditor, HttpApi events with OpenApiEditor, and both editors only take a body their
/// is_valid accepts (samtranslator/swagger/swagger.py, open_api/open_api.py): a non-empty dict
/// whose `paths` is a dict, with a truthy `swagger` (SwaggerEditor only) or an `openapi` of
/// version 3. Otherwise the event's integration is not deployed: the editor refuses the body and
/// SAM rejects the template, or, with MergeDefinitions, SAM writes the path into a skeleton it
/// then cannot merge into the body (the suite's api_merge_definitions_with_any_method and
/// api_with_merge_definitions_null_paths: the translated Body has no path for the event).
/// nullopt when that depends on what we cannot see.
std::optional<bool> sam_edits_definition_body(const Value* body, bool openapi_editor)
{
  if (body == nullptr || !seen_as_written(body) || body->kind != ValueKind::map) {
    return std::nullopt; // an intrinsic (Fn::If, Fn::Transform AWS::Include): resolved after SAM, or not at all
  }
  if (body->entries.empty()) {
    return false;
  }
  const std::optional<bool> paths_is_dict = python_dict(body->get("paths"));
  if (paths_is_dict != true) {
    return paths_is_dict;
  }
  if (!openapi_editor) {
    const std::optional<bool> swagger = python_truthy(body->get("swagger"));
    if (swagger != false) {
      return swagger;
    }
  }
  const std::optional<bool> openapi = python_truthy(body->get("openapi"));
  if (openapi != true) {
    return openapi;
  }
  return openapi_version_3(body->get("openapi"));
}

} // namespace

Expansion::Expansion(const ParsedDocument& document, Model& model, cfn::Evaluator& evaluator)
  : m_document(document), m_model(model), m_evaluator(evaluator)
{
}

// --- Values SAM generates ---------------------------------------------------------------------

const Value* Expansion::text(std::string content, SourceRange at)
{
  Value& value = m_model.values.make(ValueKind::string, at);
  value.text = std::move(content);
  return &value;
}

const Value* Expansion::list(std::vector<const Value*> items, SourceRange at)
{
  Value& value = m_model.values.make(ValueKind::list, at);
  value.items = std::move(items);
  return &value;
}

const Value* Expansion::statement(std::vector<std::string> actions, const Value* resource, SourceRange at)
{
  Value& value = m_model.values.make(ValueKind::map, at);
  std::vector<const Value*> action_values;
  for (std::string& action : actions) {
    action_values.push_back(text(std::move(action), at));
  }
  value.entries.push_back({"Effect", at, text("Allow", at)});
  value.entries.push_back({"Action", at, list(std::move(action_values), at)});
  value.entries.push_back({"Resource", at, resource != nullptr ? resource : text("*", at)});
  return &value;
}

std::vector<const Value*> Expansion::s3_destination_statements(const Value* bucket_arn, SourceRange at)
{
  // _get_s3_destination_policy (model/eventsources/pull.py, model/sam_resources.py):
  // s3:PutObject on <bucket ARN>/* and s3:ListBucket on the bucket ARN.
  const Value* objects = nullptr;
  if (bucket_arn->kind == ValueKind::string) {
    objects = text(bucket_arn->text + "/*", bucket_arn->range);
  } else if (bucket_arn->kind == ValueKind::text_template || bucket_arn->kind == ValueKind::reference) {
    Value& joined = m_model.values.make(ValueKind::text_template, bucket_arn->range);
    if (bucket_arn->kind == ValueKind::reference) {
      joined.parts.push_back({{}, true, bucket_arn->reference});
    } else {
      joined.parts = bucket_arn->parts;
    }
    joined.parts.push_back({"/*", false, {}});
    objects = &joined;
  } else {
    Value& unknown = m_model.values.make(ValueKind::unknown, bucket_arn->range); // an Fn::If or an import: not shown as one ARN
    unknown.text = "the objects of the destination bucket";
    objects = &unknown;
  }
  return {statement({"s3:PutObject"}, objects, at), statement({"s3:ListBucket"}, bucket_arn, at)};
}

const Value* Expansion::document(std::vector<const Value*> statements, SourceRange at)
{
  Value& value = m_model.values.make(ValueKind::map, at);
  value.entries.push_back({"Version", at, text("2012-10-17", at)});
  value.entries.push_back({"Statement", at, list(std::move(statements), at)});
  return &value;
}

const Value* Expansion::service_trust_policy(std::string_view service, SourceRange at)
{
  // IAMRolePolicies.lambda_assume_role_policy / stepfunctions_assume_role_policy (model/iam.py).
  Value& principal = m_model.values.make(ValueKind::map, at);
  principal.entries.push_back({"Service", at, list({text(std::string(service), at)}, at)});
  Value& trust = m_model.values.make(ValueKind::map, at);
  trust.entries.push_back({"Action", at, list({text("sts:AssumeRole", at)}, at)});
  trust.entries.push_back({"Effect", at, text("Allow", at)});
  trust.entries.push_back({"Principal", at, &principal});
  return document({&trust}, at);
}

// --- Globals and functions --------------------------------------------------------------------

const Node* Expansion::raw_resource(std::string_view id) const
{
  const Node* resources = m_document.root ? m_document.root->get("Resources") : nullptr;
  if (resources == nullptr || !resources->is_mapping()) {
    return nullptr;
  }
  for (const MappingEntry& entry : resources->entries) {
    if (entry.key == id) {
      return entry.value;
    }
  }
  return nullptr;
}

void Expansion::read_globals()
{
  const Node* globals = m_document.root ? m_document.root->get("Globals") : nullptr;
  if (globals == nullptr || !globals->is_mapping()) {
    return;
  }
  for (const MappingEntry& section : globals->entries) {
    const Value* value = m_evaluator.evaluate(section.value);
    if (value != nullptr && value->kind == ValueKind::map) {
      m_globals.emplace(fmt::format("{}{}", k_serverless_prefix, section.key), inherited_copy(m_model.values, value));
    }
  }
}

namespace {

/// Whether a function of the template has an event of this type (Api / HttpApi) without an API
/// id, for which SAM creates its implicit API.
bool uses_implicit_api(const Node* resources, std::string_view event_type, std::string_view id_property)
{
  if (resources == nullptr || !resources->is_mapping()) {
    return false;
  }
  for (const MappingEntry& resource : resources->entries) {
    const Node* type = resource.value ? resource.value->get("Type") : nullptr;
    const Node* properties = resource.value ? resource.value->get("Properties") : nullptr;
    const Node* events = properties ? properties->get("Events") : nullptr;
    if (type == nullptr || !type->is_scalar() || type->scalar != k_function || events == nullptr || !events->is_mapping()) {
      continue;
    }
    for (const MappingEntry& event : events->entries) {
      const Node* kind = event.value ? event.value->get("Type") : nullptr;
      const Node* event_properties = event.value ? event.value->get("Properties") : nullptr;
      if (kind != nullptr && kind->is_scalar() && kind->scalar == event_type && (event_properties == nullptr || event_properties->get(id_property) == nullptr)) {
        return true;
      }
    }
  }
  return false;
}

} // namespace

void Expansion::add_functions()
{
  read_globals();
  // SAM writes its implicit API over a resource of the template with the same name
  // (implicit_rest_api_plugin / implicit_http_api_plugin): such a function is not deployed.
  const Node* resources = m_document.root ? m_document.root->get("Resources") : nullptr;
  const bool implicit_rest = uses_implicit_api(resources, "Api", "RestApiId");
  const bool implicit_http = uses_implicit_api(resources, "HttpApi", "ApiId");
  for (Resource& resource : m_model.resources) {
    if (!resource.type.starts_with(k_serverless_prefix)) {
      continue;
    }
    const auto global = m_globals.find(resource.type);
    if (global != m_globals.end()) {
      // IgnoreGlobals: "*" or a list of property names (globals.py get_template_globals).
      const Node* raw = raw_resource(resource.id);
      const Node* ignore = raw ? raw->get("IgnoreGlobals") : nullptr;
      const Value* inherited = global->second;
      if (ignore != nullptr && ignore->is_scalar() && ignore->scalar == "*") {
        inherited = nullptr;
      } else if (ignore != nullptr && ignore->is_sequence()) {
        Value& kept = m_model.values.make(ValueKind::map, inherited->range);
        for (const ValueEntry& entry : inherited->entries) {
          const bool ignored =
            std::any_of(ignore->items.begin(), ignore->items.end(), [&](const Node* item) { return item->is_scalar() && item->scalar == entry.key; });
          if (!ignored) {
            kept.entries.push_back(entry);
          }
        }
        inherited = &kept;
      }
      if (inherited != nullptr) {
        resource.properties = merge_globals(m_model.values, inherited, resource.properties);
      }
    }
    const bool replaced = (resource.id == "ServerlessRestApi" && implicit_rest) || (resource.id == "ServerlessHttpApi" && implicit_http);
    if (resource.type == k_function && !replaced) {
      add_function(resource);
    }
  }
}

void Expansion::add_function(Resource& resource)
{
  // _construct_lambda_function: the properties become AWS::Lambda::Function's, Tracing becomes
  // TracingConfig.Mode and DeadLetterQueue.TargetArn DeadLetterConfig.TargetArn.
  Function& function = m_model.functions.emplace_back();
  const Value* properties = resource.properties;
  function.resource = &resource;
  cfn::read_function_properties(function, properties);
  function.tracing_config = nullptr;
  // SamFunction._construct_lambda_function: an empty Tracing is no tracing setting at all, and
  // `Disabled` emits no TracingConfig (nor the X-Ray policy, add_function_role), as the
  // translator's own test function_with_tracing shows.
  function.tracing_mode = get_path(properties, {"Tracing"});
  if (is_text(function.tracing_mode, "") || (function.tracing_mode != nullptr && function.tracing_mode->kind == ValueKind::null)) {
    function.tracing_mode = nullptr;
  }
  function.names.tracing = "Tracing";
  function.names.tracing_mode = "Tracing";
  function.names.dead_letter = "DeadLetterQueue";
  function.dead_letter_target = get_path(properties, {"DeadLetterQueue", "TargetArn"});
  m_functions.push_back(&function);
  // `Fn.Alias` / `Fn.Version` are SAM's own Ref forms; the alias it generates is `FnAlias<name>`
  // (_construct_alias: f"{function.logical_id}Alias{name}"). The version's id ends in a hash.
  m_model.function_aliases.emplace(resource.id + ".Alias", &function);
  m_model.function_aliases.emplace(resource.id + ".Version", &function);
  if (const auto alias = as_string(get_path(properties, {"AutoPublishAlias"})); alias && !alias->empty()) {
    m_model.function_aliases.emplace(fmt::format("{}Alias{}", resource.id, *alias), &function);
  }
}

// --- Generated resources ----------------------------------------------------------------------

Resource& Expansion::generated_resource(std::string id, std::string type, const Resource& owner, SourceRange id_range, SourceRange range)
{
  Resource& resource = m_model.resources.emplace_back();
  resource.id = std::move(id);
  resource.type = std::move(type);
  resource.file = owner.file;
  resource.id_range = id_range;
  resource.type_range = id_range;
  resource.range = range;
  resource.condition = owner.condition; // SAM passes the function's Condition to what it generates
  resource.generated = true;
  return resource;
}

const Resource& Expansion::implicit_api(bool http, const Resource& owner, SourceRange at)
{
  // An Api / HttpApi event without RestApiId / ApiId attaches to the implicit API SAM creates
  // (plugins/api/implicit_rest_api_plugin.py, implicit_http_api_plugin.py), which also takes the
  // Globals of its kind. It is located at the first event that needs it.
  const Resource*& api = http ? m_http_api : m_rest_api;
  if (api == nullptr) {
    Resource& created = generated_resource(http ? "ServerlessHttpApi" : "ServerlessRestApi",
                                           http ? "AWS::Serverless::HttpApi" : "AWS::Serverless::Api", owner, at, at);
    created.condition.clear();
    const auto global = m_globals.find(created.type);
    created.properties = global != m_globals.end() ? global->second : nullptr;
    api = &created;
  }
  return *api;
}

Role& Expansion::generated_role(const Resource& resource, SourceRange at, const Value* trust_policy)
{
  // role_constructor.py: role_logical_id = resource_logical_id + "Role".
  Role& role = m_model.roles.emplace_back();
  role.id = resource.id + "Role";
  role.resource = &resource;
  role.generated = true;
  role.location = resource.location(at);
  role.trust_policy = trust_policy;
  role.trust_statements = policy_statements(trust_policy);
  role.permissions_boundary = resource.property("PermissionsBoundary");
  return role;
}

Policy& Expansion::add_policy(Role& role, PolicyOrigin origin, std::string name, const Resource& resource, SourceRange at)
{
  Policy& policy = m_model.policies.emplace_back();
  policy.origin = origin;
  policy.name = std::move(name);
  policy.resource = &resource;
  policy.location = resource.location(at);
  role.policies.push_back(&policy);
  return policy;
}

void Expansion::add_managed_policy(Role& role, const Resource& resource, std::string_view path, SourceRange at)
{
  // ArnGenerator.generate_aws_managed_policy_arn(path) = arn:<partition>:iam::aws:policy/<path>.
  const std::string arn = fmt::format("arn:aws:iam::aws:policy/{}", path);
  for (const Policy* existing : role.policies) { // SAM de-duplicates managed policy ARNs
    if (existing->origin == PolicyOrigin::aws_managed && is_text(existing->arn, arn)) {
      return;
    }
  }
  Policy& policy = add_policy(role, PolicyOrigin::aws_managed, std::string(last_segment(path)), resource, at);
  policy.arn = text(arn, at);
}

void Expansion::add_inline_policy(Role& role, PolicyOrigin origin, std::string name, const Resource& resource, SourceRange at,
                                  std::vector<const Value*> statements)
{
  Policy& policy = add_policy(role, origin, std::move(name), resource, at);
  policy.document = document(std::move(statements), at);
  policy.statements = policy_statements(policy.document);
}

void Expansion::add_policies_property(Role& role, const Resource& resource)
{
  // ResourcePolicies._get_policies: a string is a managed policy name or ARN, an intrinsic is a
  // managed policy ARN, a map with Statement is an inline document, a one-key map naming a policy
  // template is a template; a single item counts as a list of one.
  const Value* policies = resource.property("Policies");
  if (!is_set(policies)) {
    return;
  }
  std::vector<const Value*> items;
  if (policies->kind == ValueKind::list) {
    items.assign(policies->items.begin(), policies->items.end());
  } else {
    items.push_back(policies);
  }
  const Node* raw = raw_resource(resource.id);
  const Node* raw_properties = raw ? raw->get("Properties") : nullptr;
  const Node* raw_policies = raw_properties ? raw_properties->get("Policies") : nullptr;
  // The node an item was evaluated from (policy templates read their arguments' text): an item
  // of the list, or a branch of an Fn::If item.
  auto raw_item = [&](const Value* item) -> const Node* {
    const Node* found = nullptr;
    auto visit = [&](auto& self, const Node* node, int depth) -> void {
      if (node == nullptr || found != nullptr || depth > 4) {
        return;
      }
      if (node->range == item->range) {
        found = node;
        return;
      }
      if (node->is_sequence()) {
        for (const Node* child : node->items) {
          self(self, child, depth + 1);
        }
      } else if (const MappingEntry* call = node->intrinsic(); call != nullptr && call->key == "Fn::If") {
        self(self, call->value, depth + 1);
      }
    };
    visit(visit, raw_policies, 0);
    return found;
  };
  const std::string role_id = role.id;
  // One item: a managed policy, a document or a template. `conditional` when it is a branch of an
  // Fn::If: in effect in some deployments only.
  auto add_item = [&](const Value* item, std::size_t index, bool conditional) {
    const SourceRange at = item->range;
    if (item->kind == ValueKind::map && item->get("Statement") != nullptr) {
      // role_constructor.py: PolicyName = role logical id + "Policy" + index.
      Policy& policy = add_policy(role, PolicyOrigin::inline_policy, fmt::format("{}Policy{}", role_id, index), resource, at);
      policy.document = item;
      policy.statements = policy_statements(item);
      policy.conditional = conditional;
      return;
    }
    if (item->kind == ValueKind::map && item->entries.size() == 1 && is_policy_template(item->entries.front().key)) {
      const std::string& name = item->entries.front().key;
      const Node* node = raw_item(item);
      const Node* arguments = node != nullptr && node->is_mapping() && !node->entries.empty() ? node->entries.front().value : nullptr;
      Policy& policy = add_policy(role, PolicyOrigin::sam_template, name, resource, at);
      policy.document = expand_policy_template(m_evaluator, m_nodes, name, arguments, at);
      if (policy.document == nullptr) {
        policy.origin = PolicyOrigin::unknown; // a parameter is missing: SAM rejects the template
      }
      policy.statements = policy_statements(policy.document);
      policy.conditional = conditional;
      return;
    }
    // A managed policy: a name, an ARN, or an intrinsic giving one.
    if (const std::optional<std::string> written = literal_text(item)) {
      const std::optional<std::string> arn = managed_policy_arn(*written);
      const data::ManagedPolicySpec* spec = arn ? data::find_managed_policy_by_arn(*arn) : nullptr;
      // SAM lists a managed policy ARN once (the role's ManagedPolicyArns has no duplicates), so a
      // policy named twice is attached, and reported, once.
      const bool listed = arn && !conditional && std::any_of(role.policies.begin(), role.policies.end(), [&](const Policy* existing) {
        return !existing->conditional && existing->arn != nullptr && is_text(existing->arn, *arn);
      });
      if (listed) {
        return;
      }
      Policy& policy = add_policy(role, spec ? PolicyOrigin::aws_managed : PolicyOrigin::unknown,
                                  std::string(spec ? spec->name : std::string_view(*written)), resource, at);
      policy.arn = arn ? text(*arn, at) : item;
      policy.conditional = conditional;
      return;
    }
    // Ref / GetAtt of a customer managed policy declared in the template: its document is known.
    const Resource* declared = m_model.resource_for(item);
    if (declared != nullptr && declared->type == "AWS::IAM::ManagedPolicy") {
      Policy& policy = add_policy(role, PolicyOrigin::customer_managed, declared->id, resource, at);
      policy.arn = item;
      policy.document = declared->property("PolicyDocument");
      policy.statements = policy_statements(policy.document);
      policy.conditional = conditional;
      return;
    }
    Policy& policy = add_policy(role, PolicyOrigin::unknown, fmt::format("{}Policy{}", role_id, index), resource, at);
    policy.arn = item;
    policy.conditional = conditional;
  };
  for (std::size_t index = 0; index < items.size(); ++index) {
    const Value* item = items[index];
    if (!is_set(item)) {
      continue;
    }
    if (item->kind == ValueKind::choice) {
      const bool documents = std::all_of(item->items.begin(), item->items.end(), [](const Value* branch) {
        return !is_set(branch) || (branch->kind == ValueKind::map && branch->get("Statement") != nullptr);
      });
      if (documents) {
        // Fn::If between documents: one inline policy whose statements are conditional.
        Policy& policy = add_policy(role, PolicyOrigin::inline_policy, fmt::format("{}Policy{}", role_id, index), resource, item->range);
        policy.document = item;
        policy.statements = policy_statements(item);
        continue;
      }
      // Fn::If between managed policies or templates (SAM keeps the Fn::If around what each
      // branch becomes): each branch is in effect in some deployments, so an AdministratorAccess
      // in one branch is seen, and neither proves a permission.
      for (const Value* branch : possible_values(item)) {
        if (is_set(branch)) {
          add_item(branch, index, true);
        }
      }
      continue;
    }
    add_item(item, index, false);
  }
}

// --- Functions: role, events, configurations ----------------------------------------------------

void Expansion::add_generated()
{
  for (Function* function : m_functions) {
    Role* role = is_set(function->role) ? nullptr : &add_function_role(*function);
    add_events(*function, role);
    add_function_configs(*function, role);
  }
  for (const Resource& resource : m_model.resources) {
    if (resource.type == k_state_machine) {
      add_state_machine(resource);
    } else if (resource.type == "AWS::Serverless::Api" || resource.type == "AWS::Serverless::HttpApi") {
      add_definition_body_triggers(resource);
    } else if (resource.type == "AWS::Serverless::WebSocketApi") {
      add_websocket_routes(resource);
    }
  }
  m_model.index();
  // An explicit Role resolves to the role facet it names, as for CloudFormation functions.
  for (Function* function : m_functions) {
    if (function->execution_role == nullptr && is_set(function->role)) {
      if (const Reference* reference = single_reference(function->role); reference && reference->target == Reference::Target::resource) {
        for (Role& role : m_model.roles) {
          if (role.id == reference->name) {
            function->execution_role = &role;
            role.functions.push_back(function);
            break;
          }
        }
      }
    }
  }
}

Role& Expansion::add_function_role(Function& function)
{
  // SamFunction._construct_role: the role exists when Role is not given; it trusts
  // lambda.amazonaws.com unless AssumeRolePolicyDocument says otherwise, and always has
  // AWSLambdaBasicExecutionRole (its durable variant with DurableConfig); Tracing adds AWSXrayWriteOnlyAccess (aws partition,
  // xray_utils.get_xray_managed_policy_name), VpcConfig AWSLambdaVPCAccessExecutionRole,
  // DeadLetterQueue an inline DeadLetterQueuePolicy (sqs:SendMessage / sns:Publish on TargetArn).
  const Resource& resource = *function.resource;
  const Value* properties = resource.properties;
  const Value* written_trust = get_path(properties, {"AssumeRolePolicyDocument"});
  const ValueEntry* policies_entry = properties ? properties->find_entry("Policies") : nullptr;
  Role& role = generated_role(resource, policies_entry ? policies_entry->key_range : resource.id_range,
                              is_set(written_trust) ? written_trust : service_trust_policy("lambda.amazonaws.com", resource.id_range));
  role.functions.push_back(&function);
  function.execution_role = &role;
  // A durable function (DurableConfig, written or from Globals) gets the durable variant of the
  // basic policy instead, which adds the checkpoint actions durable execution needs (the
  // translator's function_with_durable_config test; "All durable functions require ...
  // AWSLambdaBasicDurableExecutionRolePolicy attached to execution role", Lambda durable functions docs).
  if (const ValueEntry* durable = properties ? properties->find_entry("DurableConfig") : nullptr; durable && is_set(durable->value)) {
    add_managed_policy(role, resource, "service-role/AWSLambdaBasicDurableExecutionRolePolicy", durable->key_range);
  } else {
    add_managed_policy(role, resource, "service-role/AWSLambdaBasicExecutionRole", resource.id_range);
  }
  // `Tracing: Disabled` (or empty) grants nothing: the translator's function_with_tracing test.
  if (const Value* tracing = function.tracing_mode; is_set(tracing) && !is_text(tracing, "Disabled")) {
    add_managed_policy(role, resource, "AWSXrayWriteOnlyAccess", tracing->range);
  }
  // Located at the property's key (in Globals when inherited from there).
  auto key_of = [&](std::string_view name) { return properties->find_entry(name)->key_range; };
  if (is_set(function.vpc_config)) {
    add_managed_policy(role, resource, "service-role/AWSLambdaVPCAccessExecutionRole", key_of("VpcConfig"));
  }
  add_policies_property(role, resource);
  if (const Value* queue = get_path(properties, {"DeadLetterQueue"}); is_set(queue) && is_set(function.dead_letter_target)) {
    const Value* type = get_path(queue, {"Type"});
    const char* action = is_text(type, "SQS") ? "sqs:SendMessage" : is_text(type, "SNS") ? "sns:Publish" : nullptr;
    if (action != nullptr) {
      add_inline_policy(role, PolicyOrigin::sam_generated, "DeadLetterQueuePolicy", resource, key_of("DeadLetterQueue"),
                        {statement({action}, function.dead_letter_target, key_of("DeadLetterQueue"))});
    }
  }
  return role;
}

void Expansion::add_events(Function& function, Role* role)
{
  const Value* events = get_path(function.resource->properties, {"Events"});
  if (events == nullptr || events->kind != ValueKind::map) {
    return;
  }
  for (const ValueEntry& event : events->entries) {
    if (event.value != nullptr && event.value->kind == ValueKind::map) {
      add_event(function, role, event);
    }
  }
}

void Expansion::add_event(Function& function, Role* role, const ValueEntry& event)
{
  const Resource& owner = *function.resource;
  const std::optional<std::string_view> type = as_string(event.value->get("Type"));
  if (!type) {
    return;
  }
  const Value* properties = event.value->get("Properties");
  if (*type == "SQS" || *type == "Kinesis" || *type == "DynamoDB" || *type == "MSK" || *type == "MQ" || *type == "SelfManagedKafka" ||
      *type == "DocumentDB") {
    add_mapping(function, role, event, *type, properties);
    return;
  }
  // Push events (push.py): SAM creates the source's wiring and an AWS::Lambda::Permission for it
  // (PushEventSource._construct_permission), so these never lack an invoke permission. What SAM
  // generates is named after the function and the event (`<Function><Event>`).
  const std::string generated_id = owner.id + event.key;
  const SourceRange event_range = span(event);
  const Resource* source = nullptr;
  TriggerKind kind = TriggerKind::events;
  const Value* timeout_millis = nullptr;
  auto declared_or_generated = [&](const Value* reference, const char* generated_type) -> const Resource* {
    if (const Resource* declared = m_model.resource_for(reference)) {
      return declared;
    }
    return &generated_resource(generated_id, generated_type, owner, event.key_range, event_range);
  };
  // RestApiId / ApiId: a Ref, or the API's logical id as a plain string, which SAM accepts too
  // (eventsources/push.py Api: `RestApiId: MyApi`).
  auto api_named = [&](const Value* api) -> const Resource* {
    if (const Resource* referenced = m_model.resource_for(api)) {
      return referenced;
    }
    const auto name = as_string(api);
    return name && api->kind == ValueKind::string ? m_model.find_resource(*name) : nullptr;
  };
  if (*type == "Api" || *type == "HttpApi") {
    const bool http_event = *type == "HttpApi";
    kind = http_event ? TriggerKind::api_http : TriggerKind::api_rest;
    const Value* api = get_path(properties, {http_event ? "ApiId" : "RestApiId"});
    source = is_set(api) ? api_named(api) : &implicit_api(http_event, owner, event.key_range);
    timeout_millis = get_path(properties, {"TimeoutInMillis"}); // Api event TimeoutInMillis (SAM PR #3310)
    if (source != nullptr && source->type == "AWS::Serverless::Api") {
      // An HttpApi event whose ApiId names an AWS::Serverless::Api: SAM writes its integration
      // (and TimeoutInMillis) into that REST API's body (push.py HttpApi resources_to_link takes
      // whatever resource ApiId names; the suite's api_with_any_method_in_swagger), so API Gateway
      // calls it as a REST integration.
      kind = TriggerKind::api_rest;
    }
    if (source != nullptr && !source->generated && source->type.starts_with(k_serverless_prefix) &&
        sam_edits_definition_body(source->property("DefinitionBody"), http_event) == false) {
      return; // SAM writes no path for the event: nothing invokes the function through it
    }
  } else if (*type == "S3") {
    kind = TriggerKind::s3;
    source = declared_or_generated(get_path(properties, {"Bucket"}), "AWS::S3::Bucket");
  } else if (*type == "SNS") {
    // With SqsSubscription SAM subscribes a queue and polls it instead (push.py SNS._inject_sqs_subscription).
    if (const Value* subscription = get_path(properties, {"SqsSubscription"});
        is_set(subscription) && as_bool(subscription) != std::optional<bool>(false)) {
      add_sqs_subscription(function, role, event, properties);
      return;
    }
    kind = TriggerKind::sns;
    source = declared_or_generated(get_path(properties, {"Topic"}), "AWS::SNS::Subscription");
  } else if (*type == "EventBridgeRule" || *type == "CloudWatchEvent" || *type == "Schedule") {
    source = &generated_resource(generated_id, "AWS::Events::Rule", owner, event.key_range, event_range);
  } else if (*type == "ScheduleV2") {
    source = &generated_resource(generated_id, "AWS::Scheduler::Schedule", owner, event.key_range, event_range);
  } else if (*type == "CloudWatchLogs") {
    kind = TriggerKind::logs;
    source = &generated_resource(generated_id, "AWS::Logs::SubscriptionFilter", owner, event.key_range, event_range);
  } else if (*type == "Cognito") {
    kind = TriggerKind::cognito;
    source = declared_or_generated(get_path(properties, {"UserPool"}), "AWS::Cognito::UserPool");
  } else if (*type == "IoTRule") {
    kind = TriggerKind::iot;
    source = &generated_resource(generated_id, "AWS::IoT::TopicRule", owner, event.key_range, event_range);
  } else {
    return; // AlexaSkill, Cloud9 and others: no trigger kind of ours
  }
  if (source == nullptr) {
    // An API named by a parameter or an import: still the function's caller, located at the event.
    source = &generated_resource(generated_id, kind == TriggerKind::api_http ? "AWS::ApiGatewayV2::Api" : "AWS::ApiGateway::RestApi",
                                 owner, event.key_range, event_range);
  }
  Trigger& trigger = m_model.triggers.emplace_back();
  trigger.kind = kind;
  trigger.source = source;
  trigger.function = &function;
  trigger.wiring = owner.location(event.key_range);
  trigger.timeout_millis = timeout_millis;
  trigger.permission_auto_created = true;
  if (kind == TriggerKind::logs) {
    // The subscription filter SAM generates delivers the events of the log group LogGroupName
    // names: that group is the caller, as for a written AWS::Logs::SubscriptionFilter
    // (cfn::describe_trigger_source).
    if (const Resource* group = m_model.resource_for(get_path(properties, {"LogGroupName"})); group && group->type == "AWS::Logs::LogGroup") {
      trigger.source_resource = group;
    }
  }
}

void Expansion::add_mapping(Function& function, Role* role, const ValueEntry& event, std::string_view type, const Value* properties)
{
  // pull.py: every pull event is an AWS::Lambda::EventSourceMapping named <Function><Event> with
  // the event's batch settings, and adds to a generated role the policy its source needs.
  const Resource& owner = *function.resource;
  Resource& resource = generated_resource(owner.id + event.key, "AWS::Lambda::EventSourceMapping", owner, event.key_range, span(event));
  EventSourceMapping& mapping = m_model.event_source_mappings.emplace_back();
  mapping.resource = &resource;
  mapping.function = &function;
  const char* source_property = type == "SQS" ? "Queue" : type == "MQ" ? "Broker" : type == "DocumentDB" ? "Cluster" : "Stream";
  mapping.event_source_arn = type == "SelfManagedKafka" ? nullptr : get_path(properties, {source_property});
  cfn::read_mapping_settings(mapping, properties);
  mapping.source = m_model.resource_for(mapping.event_source_arn);
  mapping.source_kind = type == "SQS"                                  ? SourceKind::sqs
                        : type == "Kinesis"                            ? SourceKind::kinesis
                        : type == "DynamoDB"                           ? SourceKind::dynamodb_stream
                        : type == "MQ"                                 ? SourceKind::mq
                        : type == "DocumentDB"                         ? SourceKind::documentdb
                                                                       : SourceKind::kafka;
  if (mapping.source != nullptr && mapping.source->type == "AWS::SQS::Queue") {
    mapping.queue = m_model.find_queue(mapping.source->id);
  }
  if (role == nullptr) {
    return; // an explicit Role: SAM adds nothing to it
  }
  const Value* type_value = event.value->get("Type");
  const SourceRange at = type_value ? type_value->range : event.key_range;
  if (type == "SQS") {
    add_managed_policy(*role, owner, "service-role/AWSLambdaSQSQueueExecutionRole", at);
  } else if (type == "Kinesis") {
    add_managed_policy(*role, owner, "service-role/AWSLambdaKinesisExecutionRole", at);
  } else if (type == "DynamoDB") {
    add_managed_policy(*role, owner, "service-role/AWSLambdaDynamoDBExecutionRole", at);
  } else if (type == "MSK") {
    add_managed_policy(*role, owner, "service-role/AWSLambdaMSKExecutionRole", at);
    // One MSKExecutionRolePolicy: the client certificate's secret, then what SchemaRegistryConfig
    // needs (the translator's function_with_msk_with_schema_registry_config test).
    std::vector<const Value*> statements;
    for (const Value* configuration : list_items(get_path(properties, {"SourceAccessConfigurations"}))) {
      if (is_text(get_path(configuration, {"Type"}), "CLIENT_CERTIFICATE_TLS_AUTH") && is_set(get_path(configuration, {"URI"}))) {
        statements.push_back(statement({"secretsmanager:GetSecretValue"}, get_path(configuration, {"URI"}), configuration->range));
        break;
      }
    }
    add_schema_registry_statements(get_path(properties, {"SchemaRegistryConfig"}), statements);
    if (!statements.empty()) {
      add_inline_policy(*role, PolicyOrigin::sam_generated, "MSKExecutionRolePolicy", owner, at, std::move(statements));
    }
  } else {
    // MQ, SelfManagedKafka, DocumentDB: an inline policy for the secret of the authentication
    // configuration, plus what the source needs (pull.py get_policy_statements).
    std::vector<const Value*> statements;
    const Value* secret = nullptr;
    bool subnet = false;
    bool security_group = false;
    for (const Value* configuration : list_items(get_path(properties, {"SourceAccessConfigurations"}))) {
      const auto kind = as_string(get_path(configuration, {"Type"}));
      if (!kind) {
        continue;
      }
      subnet = subnet || *kind == "VPC_SUBNET";
      security_group = security_group || *kind == "VPC_SECURITY_GROUP";
      const bool authentication = type == "SelfManagedKafka" ? (*kind != "VPC_SUBNET" && *kind != "VPC_SECURITY_GROUP") : *kind == "BASIC_AUTH";
      if (authentication && secret == nullptr) {
        secret = get_path(configuration, {"URI"});
      }
    }
    if (is_set(secret)) {
      statements.push_back(statement({"secretsmanager:GetSecretValue"}, secret, secret->range));
    }
    std::vector<std::string> network = {"ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface",
                                        "ec2:DescribeVpcs",           "ec2:DescribeSubnets",           "ec2:DescribeSecurityGroups"};
    std::string name;
    if (type == "MQ") {
      statements.push_back(statement({"mq:DescribeBroker"}, mapping.event_source_arn, at));
      name = is_text(get_path(properties, {"DynamicPolicyName"}), "true") ? resource.id + "AMQPolicy" : "SamAutoGeneratedAMQPolicy";
    } else if (type == "SelfManagedKafka") {
      if (subnet && security_group) {
        statements.push_back(statement(network, nullptr, at));
      }
      add_schema_registry_statements(get_path(properties, {"SchemaRegistryConfig"}), statements);
      name = "SelfManagedKafkaExecutionRolePolicy";
    } else {
      statements.push_back(statement({"rds:DescribeDBClusterParameters"}, nullptr, at));
      statements.push_back(statement({"rds:DescribeDBSubnetGroups"}, nullptr, at));
      statements.push_back(statement({"rds:DescribeDBClusters"}, mapping.event_source_arn, at));
      statements.push_back(statement(network, nullptr, at));
      name = "SamAutoGeneratedDocumentDBPolicy";
    }
    if (const Value* key = get_path(properties, {"SecretsManagerKmsKeyId"}); is_set(key)) {
      // arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/<id>
      Value& arn = regional_arn(m_model.values, "kms", key->range);
      arn.parts.push_back({":key/" + std::string(as_string(key).value_or("*")), false, {}});
      statements.push_back(statement({"kms:Decrypt"}, &arn, key->range));
    }
    add_inline_policy(*role, PolicyOrigin::sam_generated, name, owner, at, std::move(statements));
  }
  // DestinationConfig.OnFailure.Type SQS / SNS: SAM grants the send (pull.py to_cloudformation).
  const Value* on_failure = get_path(properties, {"DestinationConfig", "OnFailure"});
  const Value* destination_type = get_path(on_failure, {"Type"});
  if (is_set(mapping.on_failure_destination) && (is_text(destination_type, "SQS") || is_text(destination_type, "SNS"))) {
    const bool sqs = is_text(destination_type, "SQS");
    add_inline_policy(*role, PolicyOrigin::sam_generated, resource.id + (sqs ? "SQSPolicy" : "SNSPolicy"), owner, on_failure->range,
                      {statement({sqs ? "sqs:SendMessage" : "sns:publish"}, mapping.on_failure_destination, on_failure->range)});
  } else if (is_set(mapping.on_failure_destination) && is_text(destination_type, "S3")) {
    // Type S3 (Kafka event sources): <Function><Event>S3Policy.
    add_inline_policy(*role, PolicyOrigin::sam_generated, resource.id + "S3Policy", owner, on_failure->range,
                      s3_destination_statements(mapping.on_failure_destination, on_failure->range));
  }
}

void Expansion::add_sqs_subscription(Function& function, Role* role, const ValueEntry& event, const Value* properties)
{
  // push.py SNS.to_cloudformation with SqsSubscription: the topic delivers to a queue, which the
  // function polls through an SQS event source mapping <Function><Event>EventSourceMapping
  // (pull.py SQS, with AWSLambdaSQSQueueExecutionRole on a generated role). `true` makes SAM create
  // the queue <Function><Event>Queue (FIFO for a FIFO topic, nothing else set: no redrive policy,
  // the 30 s default visibility timeout) and its queue policy; a map names an existing queue
  // (QueueArn, QueueUrl) and may set BatchSize and Enabled.
  const Resource& owner = *function.resource;
  const ValueEntry* subscription_entry = properties->find_entry("SqsSubscription");
  const Value* subscription = subscription_entry->value;
  const SourceRange at = subscription_entry->key_range;
  Resource& mapping_resource =
    generated_resource(owner.id + event.key + "EventSourceMapping", "AWS::Lambda::EventSourceMapping", owner, event.key_range, span(event));
  EventSourceMapping& mapping = m_model.event_source_mappings.emplace_back();
  mapping.resource = &mapping_resource;
  mapping.function = &function;
  mapping.source_kind = SourceKind::sqs;
  if (subscription->kind == ValueKind::map) {
    mapping.event_source_arn = subscription->get("QueueArn");
    mapping.batch_size = subscription->get("BatchSize");
    mapping.source = m_model.resource_for(mapping.event_source_arn);
    if (mapping.source != nullptr && mapping.source->type == "AWS::SQS::Queue") {
      mapping.queue = m_model.find_queue(mapping.source->id);
    }
  } else {
    const std::string queue_id = owner.id + event.key + "Queue";
    Resource& queue_resource = generated_resource(queue_id, "AWS::SQS::Queue", owner, at, span(*subscription_entry));
    Queue& queue = m_model.queues.emplace_back();
    queue.resource = &queue_resource;
    const Resource* topic = m_model.resource_for(get_path(properties, {"Topic"}));
    if (topic != nullptr && as_bool(topic->property("FifoTopic")) == std::optional<bool>(true)) {
      Value& fifo = m_model.values.make(ValueKind::boolean, at);
      fifo.boolean = true;
      queue.fifo = &fifo;
    }
    Value& arn = m_model.values.make(ValueKind::reference, at);
    arn.reference = {Reference::Target::resource, queue_id, "Arn"};
    mapping.event_source_arn = &arn;
    mapping.source = &queue_resource;
    mapping.queue = &queue;
  }
  if (role != nullptr) {
    add_managed_policy(*role, owner, "service-role/AWSLambdaSQSQueueExecutionRole", at);
  }
}

void Expansion::add_schema_registry_statements(const Value* config, std::vector<const Value*>& statements)
{
  // A Kafka event's SchemaRegistryConfig (eventsources/pull.py, the translator's
  // function_with_self_managed_kafka_and_schema_registry test): the secret of each AccessConfigs
  // entry is read, and a Glue registry (arn:...:glue:...:registry/<name>) needs glue:GetRegistry
  // on it and glue:GetSchemaVersion on its schemas.
  if (config == nullptr || config->kind != ValueKind::map) {
    return;
  }
  for (const Value* access : list_items(config->get("AccessConfigs"))) {
    if (const Value* secret = get_path(access, {"URI"}); is_set(secret)) {
      statements.push_back(statement({"secretsmanager:GetSecretValue"}, secret, secret->range));
    }
  }
  const Value* registry = config->get("SchemaRegistryURI");
  std::string written; // the literal text of the URI, references left out
  if (const auto text = as_string(registry); text && registry->kind == ValueKind::string) {
    written = *text;
  } else if (registry != nullptr && registry->kind == ValueKind::text_template) {
    for (const TemplatePart& part : registry->parts) {
      written += part.is_reference ? std::string("${}") : part.literal;
    }
  }
  const std::size_t name_at = written.find(":registry/");
  if (written.find(":glue:") == std::string::npos || name_at == std::string::npos) {
    return;
  }
  const std::string name = written.substr(name_at + std::string_view(":registry/").size());
  statements.push_back(statement({"glue:GetRegistry"}, registry, registry->range));
  if (name.empty() || name.find('$') != std::string::npos) {
    return; // a computed registry name: its schemas' ARN is unknown
  }
  // arn:${AWS::Partition}:glue:${AWS::Region}:${AWS::AccountId}:schema/<name>/*
  Value& schemas = regional_arn(m_model.values, "glue", registry->range);
  schemas.parts.push_back({":schema/" + name + "/*", false, {}});
  statements.push_back(statement({"glue:GetSchemaVersion"}, list({&schemas}, registry->range), registry->range));
}

void Expansion::add_function_configs(Function& function, Role* role)
{
  const Resource& owner = *function.resource;
  const Value* properties = owner.properties;
  // AutoPublishAlias + ProvisionedConcurrencyConfig: the alias carries the provisioned concurrency.
  const Value* amount = get_path(properties, {"ProvisionedConcurrencyConfig", "ProvisionedConcurrentExecutions"});
  if (is_set(get_path(properties, {"AutoPublishAlias"})) && is_set(amount)) {
    ProvisionedConcurrency& provisioned = m_model.provisioned_concurrency.emplace_back();
    provisioned.resource = &owner;
    provisioned.amount = amount;
    provisioned.function = &function;
  }
  // FunctionUrlConfig → AWS::Lambda::Url <Function>Url (_construct_function_url).
  if (const ValueEntry* url_entry = properties ? properties->find_entry("FunctionUrlConfig") : nullptr;
      url_entry != nullptr && url_entry->value != nullptr && url_entry->value->kind == ValueKind::map) {
    FunctionUrl& url = m_model.function_urls.emplace_back();
    url.resource = &generated_resource(owner.id + "Url", "AWS::Lambda::Url", owner, url_entry->key_range, span(*url_entry));
    url.auth_type = url_entry->value->get("AuthType");
    url.cors = url_entry->value->get("Cors");
    url.function = &function;
  }
  // EventInvokeConfig → AWS::Lambda::EventInvokeConfig <Function>EventInvokeConfig; a destination
  // of Type SQS/SNS without Destination is a queue/topic SAM creates
  // (<Function>EventInvokeConfig<OnSuccess|OnFailure><Queue|Topic>); with a role SAM generates,
  // it grants sqs:SendMessage / sns:publish / events:PutEvents / lambda:InvokeFunction on it, and
  // s3:PutObject / s3:ListBucket on an S3Bucket (_validate_and_inject_resource,
  // _add_event_invoke_managed_policy).
  const ValueEntry* invoke_entry = properties ? properties->find_entry("EventInvokeConfig") : nullptr;
  if (invoke_entry == nullptr || invoke_entry->value == nullptr || invoke_entry->value->kind != ValueKind::map) {
    return;
  }
  const std::string config_id = owner.id + "EventInvokeConfig";
  EventInvokeConfig& config = m_model.event_invoke_configs.emplace_back();
  config.resource = &generated_resource(config_id, "AWS::Lambda::EventInvokeConfig", owner, invoke_entry->key_range, span(*invoke_entry));
  config.function = &function;
  for (const char* when : {"OnSuccess", "OnFailure"}) {
    const Value* target = get_path(invoke_entry->value, {"DestinationConfig", when});
    if (target == nullptr || target->kind != ValueKind::map) {
      continue;
    }
    const auto type = as_string(target->get("Type"));
    const Value* destination = target->get("Destination");
    // SAM creates the queue / topic when Destination is absent, or in the branch of an Fn::If that
    // is AWS::NoValue (_validate_and_inject_resource with a condition of its own).
    const bool conditional_creation = destination != nullptr && destination->kind == ValueKind::choice &&
                                      std::any_of(destination->items.begin(), destination->items.end(), [](const Value* branch) { return !is_set(branch); });
    if ((!is_set(destination) || conditional_creation) && type && (*type == "SQS" || *type == "SNS")) {
      // The queue / topic SAM creates has no properties: no KMS key (LL603), no redrive policy.
      const bool sqs = *type == "SQS";
      const std::string created_id = fmt::format("{}{}{}", config_id, when, sqs ? "Queue" : "Topic");
      Resource& created = generated_resource(created_id, sqs ? "AWS::SQS::Queue" : "AWS::SNS::Topic", owner, target->range, target->range);
      if (sqs) {
        m_model.queues.emplace_back().resource = &created;
      } else {
        m_model.topics.emplace_back().resource = &created;
      }
      Value& generated = m_model.values.make(ValueKind::reference, target->range);
      generated.reference = {Reference::Target::resource, created_id, sqs ? "Arn" : ""};
      if (conditional_creation) {
        Value& chosen = m_model.values.make(ValueKind::choice, destination->range);
        chosen.condition = destination->condition;
        for (const Value* branch : destination->items) {
          chosen.items.push_back(is_set(branch) ? branch : &generated);
        }
        destination = &chosen;
      } else {
        destination = &generated;
      }
    }
    (std::string_view(when) == "OnSuccess" ? config.on_success : config.on_failure) = destination;
    if (role == nullptr || !is_set(destination) || !type) {
      continue;
    }
    const char* action = *type == "SQS"           ? "sqs:SendMessage"
                         : *type == "SNS"         ? "sns:publish"
                         : *type == "EventBridge" ? "events:PutEvents"
                         : *type == "Lambda"      ? "lambda:InvokeFunction"
                                                  : nullptr;
    if (action != nullptr) {
      add_inline_policy(*role, PolicyOrigin::sam_generated, fmt::format("{}{}{}Policy", config_id, when, *type), owner, target->range,
                        {statement({action}, destination, target->range)});
    } else if (*type == "S3Bucket") {
      add_inline_policy(*role, PolicyOrigin::sam_generated, fmt::format("{}{}S3Policy", config_id, when), owner, target->range,
                        s3_destination_statements(destination, target->range));
    }
  }
}

namespace {

/// The CloudFormation type a connector endpoint has once SAM has translated it
/// (connectors/utils.py get_resource_reference: the SAM types become the type they generate).
std::string_view connector_type(std::string_view type)
{
  if (type == "AWS::Serverless::Function") {
    return "AWS::Lambda::Function";
  }
  if (type == "AWS::Serverless::SimpleTable") {
    return "AWS::DynamoDB::Table";
  }
  if (type == "AWS::Serverless::StateMachine") {
    return "AWS::StepFunctions::StateMachine";
  }
  if (type == "AWS::Serverless::Api") {
    return "AWS::ApiGateway::RestApi";
  }
  if (type == "AWS::Serverless::HttpApi") {
    return "AWS::ApiGatewayV2::Api";
  }
  return type;
}

/// What a connector grants, from SAM's connector profiles
/// (samtranslator/model/connector_profiles/profiles.json): for a source and destination type and
/// an access category, the actions and the resource suffixes (after the endpoint's ARN) of one
/// statement. `on_source` when the statement is on the source's ARN (the destination's role is
/// granted, e.g. a queue a function polls).
/// A resource suffix that stands for the state machine's executions:
/// arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:<Name>:*
constexpr std::string_view k_executions = "<executions>";

struct ConnectorGrant {
  std::string_view source;
  std::string_view destination;
  std::string_view category;
  bool on_source;
  std::vector<std::string> actions;
  std::vector<std::string_view> suffixes;
};

const std::vector<ConnectorGrant>& connector_grants()
{
  static const std::vector<ConnectorGrant> grants = {
    {"AWS::DynamoDB::Table", "AWS::Lambda::Function", "Read", true,
     {"dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"}, {"/stream/*"}},
    {"AWS::SQS::Queue", "AWS::Lambda::Function", "Read", true, {"sqs:ReceiveMessage", "sqs:GetQueueAttributes"}, {""}},
    {"AWS::SQS::Queue", "AWS::Lambda::Function", "Write", true, {"sqs:DeleteMessage"}, {""}},
    {"AWS::Lambda::Function", "AWS::Lambda::Function", "Write", false, {"lambda:InvokeAsync", "lambda:InvokeFunction"}, {""}},
    {"AWS::Lambda::Function", "AWS::S3::Bucket", "Read", false,
     {"s3:GetObject", "s3:GetObjectAcl", "s3:GetObjectLegalHold", "s3:GetObjectRetention", "s3:GetObjectTorrent", "s3:GetObjectVersion",
      "s3:GetObjectVersionAcl", "s3:GetObjectVersionForReplication", "s3:GetObjectVersionTorrent", "s3:ListBucket",
      "s3:ListBucketMultipartUploads", "s3:ListBucketVersions", "s3:ListMultipartUploadParts"},
     {"", "/*"}},
    {"AWS::Lambda::Function", "AWS::S3::Bucket", "Write", false,
     {"s3:AbortMultipartUpload", "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutObject", "s3:PutObjectLegalHold",
      "s3:PutObjectRetention", "s3:RestoreObject"},
     {"", "/*"}},
    {"AWS::Lambda::Function", "AWS::DynamoDB::Table", "Read", false,
     {"dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:BatchGetItem", "dynamodb:ConditionCheckItem", "dynamodb:PartiQLSelect"},
     {"", "/index/*"}},
    {"AWS::Lambda::Function", "AWS::DynamoDB::Table", "Write", false,
     {"dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem", "dynamodb:PartiQLDelete",
      "dynamodb:PartiQLInsert", "dynamodb:PartiQLUpdate"},
     {"", "/index/*"}},
    {"AWS::Lambda::Function", "AWS::SQS::Queue", "Read", false, {"sqs:ReceiveMessage", "sqs:GetQueueAttributes"}, {""}},
    {"AWS::Lambda::Function", "AWS::SQS::Queue", "Write", false,
     {"sqs:DeleteMessage", "sqs:SendMessage", "sqs:ChangeMessageVisibility", "sqs:PurgeQueue"}, {""}},
    {"AWS::Lambda::Function", "AWS::SNS::Topic", "Write", false, {"sns:Publish"}, {""}},
    {"AWS::Lambda::Function", "AWS::StepFunctions::StateMachine", "Write", false, {"states:StartExecution", "states:StartSyncExecution"}, {""}},
    {"AWS::Lambda::Function", "AWS::StepFunctions::StateMachine", "Write", false, {"states:StopExecution"}, {k_executions}},
    {"AWS::Lambda::Function", "AWS::StepFunctions::StateMachine", "Read", false, {"states:DescribeStateMachine", "states:ListExecutions"}, {""}},
    {"AWS::Lambda::Function", "AWS::StepFunctions::StateMachine", "Read", false,
     {"states:DescribeExecution", "states:DescribeStateMachineForExecution", "states:GetExecutionHistory"}, {k_executions}},
    {"AWS::Lambda::Function", "AWS::Events::EventBus", "Write", false, {"events:PutEvents"}, {""}},
    {"AWS::Lambda::Function", "AWS::Location::PlaceIndex", "Read", false,
     {"geo:DescribePlaceIndex", "geo:GetPlace", "geo:SearchPlaceIndexForPosition", "geo:SearchPlaceIndexForSuggestions",
      "geo:SearchPlaceIndexForText"},
     {""}},
  };
  return grants;
}

/// The service that invokes the destination function, for the connectors SAM turns into an
/// AWS::Lambda::Permission (AWS_LAMBDA_PERMISSION profiles); empty for the others.
std::string_view connector_invoke_principal(std::string_view source_type)
{
  if (source_type == "AWS::SNS::Topic") {
    return "sns.amazonaws.com";
  }
  if (source_type == "AWS::S3::Bucket") {
    return "s3.amazonaws.com";
  }
  if (source_type == "AWS::Events::Rule") {
    return "events.amazonaws.com";
  }
  if (source_type == "AWS::ApiGateway::RestApi" || source_type == "AWS::ApiGatewayV2::Api") {
    return "apigateway.amazonaws.com";
  }
  return {};
}

} // namespace

/// One end of a connector (connectors/utils.py get_resource_reference): a resource of the template
/// (`Id`, or the resource that holds a Connectors attribute), or one described by `Type` with
/// what SAM needs of it, as written: `Arn`, `RoleName` (the role that SAM attaches the policy to
/// when the endpoint's role is granted: "When Id is not specified, provide RoleName",
/// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-connector-resourcereference.html),
/// `ResourceId` (an API's id).
struct ConnectorEndpoint {
  const Resource* resource = nullptr;
  std::string_view type; // the CloudFormation type once translated (connector_type)
  const Value* arn = nullptr;
  const Value* role_name = nullptr;
  const Value* resource_id = nullptr;
};

namespace {

std::optional<ConnectorEndpoint> read_endpoint(const Model& model, const Value* reference)
{
  ConnectorEndpoint endpoint;
  if (const auto id = as_string(get_path(reference, {"Id"}))) {
    endpoint.resource = model.find_resource(*id);
    if (endpoint.resource == nullptr) {
      return std::nullopt; // SAM rejects an Id that names nothing
    }
    endpoint.type = connector_type(endpoint.resource->type);
    return endpoint;
  }
  const auto type = as_string(get_path(reference, {"Type"}));
  if (!type) {
    return std::nullopt;
  }
  endpoint.type = connector_type(*type);
  auto written = [&](std::string_view key) -> const Value* {
    const Value* value = get_path(reference, {key});
    return is_set(value) ? value : nullptr;
  };
  endpoint.arn = written("Arn");
  endpoint.role_name = written("RoleName");
  endpoint.resource_id = written("ResourceId");
  return endpoint;
}

/// The role a RoleName designates: Ref of a role of the template (Ref gives its name), or the
/// literal RoleName of one. nullptr for a role from outside the template.
Role* role_named(Model& model, const Value* name)
{
  if (name == nullptr) {
    return nullptr;
  }
  if (name->kind == ValueKind::reference && name->reference.target == Reference::Target::resource && name->reference.attribute.empty()) {
    for (Role& role : model.roles) {
      if (role.id == name->reference.name) {
        return &role;
      }
    }
    return nullptr;
  }
  if (const auto text = as_string(name); text && name->kind == ValueKind::string) {
    for (Role& role : model.roles) {
      if (role.resource != nullptr && role.resource->type == "AWS::IAM::Role" && is_text(role.resource->property("RoleName"), *text)) {
        return &role;
      }
    }
  }
  return nullptr;
}

} // namespace

void Expansion::add_connectors()
{
  // Called once every role of the template is modelled (cfn::populate_iam): a connector's policy
  // attaches to the execution role of its function, generated by SAM or written in the template
  // (an AWS::IAM::Role that a Serverless function's Role or an AWS::Lambda::Function names), or to
  // the role an endpoint's RoleName names.
  // AWS::Serverless::Connector resources, and the Connectors attribute of any resource (its
  // source is that resource; SAM names it <Resource><Connector>: plugins/...embedded_connectors).
  std::vector<const Resource*> owners;
  for (const Resource& resource : m_model.resources) {
    owners.push_back(&resource);
  }
  for (const Resource* resource : owners) {
    if (resource->generated) {
      continue;
    }
    if (resource->type == "AWS::Serverless::Connector") {
      if (const std::optional<ConnectorEndpoint> source = read_endpoint(m_model, get_path(resource->properties, {"Source"}))) {
        add_connector(resource->id, *resource, *source, resource->properties, resource->id_range);
      }
      continue;
    }
    const Node* raw = raw_resource(resource->id);
    const Node* connectors = raw && raw->is_mapping() ? raw->get("Connectors") : nullptr;
    if (connectors == nullptr || !connectors->is_mapping()) {
      continue;
    }
    const ConnectorEndpoint source{.resource = resource, .type = connector_type(resource->type)};
    for (const MappingEntry& connector : connectors->entries) {
      const Node* properties = connector.value ? connector.value->get("Properties") : nullptr;
      add_connector(resource->id + connector.key, *resource, source, m_evaluator.evaluate(properties), connector.key_range);
    }
  }
  m_model.index();
}

void Expansion::add_connector(std::string id, const Resource& owner, const ConnectorEndpoint& source, const Value* properties, SourceRange at)
{
  // model/connector/... (SamConnector.to_cloudformation): for each destination, the profile of
  // (source type, destination type) gives an AWS::IAM::ManagedPolicy <Connector>Policy on the
  // source's role (or the destination's), or an AWS::Lambda::Permission
  // <Connector>WriteLambdaPermission. A list of destinations numbers them (<Connector>Destination<i>).
  // The profile's %{Source.Arn}, %{Destination.RoleName}, ... are the endpoint's resource when
  // given by Id, its written values otherwise; SAM rejects a connector that lacks one it needs, so
  // such a destination generates nothing here.
  std::vector<std::string> categories;
  for (const Value* permission : list_items(get_path(properties, {"Permissions"}))) {
    if (const auto text = as_string(permission)) {
      categories.emplace_back(*text);
    }
  }
  const Value* destinations = get_path(properties, {"Destination"});
  std::vector<const Value*> endpoints;
  if (destinations != nullptr && destinations->kind == ValueKind::list) {
    endpoints.assign(destinations->items.begin(), destinations->items.end());
  } else if (destinations != nullptr) {
    endpoints.push_back(destinations);
  }
  auto arn_of_resource = [&](const Resource& endpoint, std::string_view suffix) -> const Value* {
    // Ref gives the ARN of a topic and a state machine; the others' ARN is their Arn attribute.
    const std::string_view type = connector_type(endpoint.type);
    const bool ref_is_arn = type == "AWS::SNS::Topic" || type == "AWS::StepFunctions::StateMachine";
    Reference reference{Reference::Target::resource, endpoint.id, ref_is_arn ? "" : "Arn"};
    if (suffix == k_executions) {
      Value& value = regional_arn(m_model.values, "states", at);
      value.parts.push_back({":execution:", false, {}});
      value.parts.push_back({{}, true, {Reference::Target::resource, endpoint.id, "Name"}});
      value.parts.push_back({":*", false, {}});
      return &value;
    }
    if (suffix.empty()) {
      Value& value = m_model.values.make(ValueKind::reference, at);
      value.reference = reference;
      return &value;
    }
    Value& value = m_model.values.make(ValueKind::text_template, at);
    value.parts.push_back({{}, true, reference});
    value.parts.push_back({std::string(suffix), false, {}});
    return &value;
  };
  // An endpoint given by Type and Arn (instead of Id): its written ARN, with a suffix appended.
  auto written_arn = [&](const Value* arn, std::string_view suffix) -> const Value* {
    if (suffix.empty()) {
      return arn;
    }
    if (arn->kind == ValueKind::string && suffix != k_executions) {
      return text(arn->text + std::string(suffix), arn->range);
    }
    if ((arn->kind == ValueKind::reference || arn->kind == ValueKind::text_template) && suffix != k_executions) {
      Value& value = m_model.values.make(ValueKind::text_template, arn->range);
      if (arn->kind == ValueKind::reference) {
        value.parts.push_back({{}, true, arn->reference});
      } else {
        value.parts = arn->parts;
      }
      value.parts.push_back({std::string(suffix), false, {}});
      return &value;
    }
    Value& unknown = m_model.values.make(ValueKind::unknown, arn->range); // an Fn::If, an import: not one ARN
    unknown.text = "a resource under the connector's endpoint";
    return &unknown;
  };
  auto arn_of = [&](const ConnectorEndpoint& endpoint, std::string_view suffix) -> const Value* {
    if (endpoint.resource != nullptr) {
      return arn_of_resource(*endpoint.resource, suffix);
    }
    return endpoint.arn != nullptr ? written_arn(endpoint.arn, suffix) : nullptr;
  };
  // The role a policy of the profile attaches to: the execution role of the endpoint's function
  // (given by Id), or the role its RoleName names.
  auto role_of = [&](const ConnectorEndpoint& endpoint) -> Role* {
    if (endpoint.resource == nullptr) {
      return role_named(m_model, endpoint.role_name);
    }
    const Function* function = m_model.find_function(endpoint.resource->id);
    for (Role& candidate : m_model.roles) {
      if (function != nullptr && &candidate == function->execution_role) {
        return &candidate;
      }
    }
    return nullptr; // a role from outside the template
  };
  // arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:%{Source.ResourceId}/*
  auto execute_api_arn = [&](const ConnectorEndpoint& api) -> const Value* {
    TemplatePart api_id;
    if (api.resource != nullptr) {
      api_id = {{}, true, {Reference::Target::resource, api.resource->id, {}}};
    } else if (api.resource_id != nullptr && api.resource_id->kind == ValueKind::reference) {
      api_id = {{}, true, api.resource_id->reference};
    } else if (api.resource_id != nullptr && api.resource_id->kind == ValueKind::string) {
      api_id = {api.resource_id->text, false, {}};
    } else {
      return nullptr;
    }
    Value& arn = regional_arn(m_model.values, "execute-api", at);
    arn.parts.push_back({":", false, {}});
    arn.parts.push_back(std::move(api_id));
    arn.parts.push_back({"/*", false, {}});
    return &arn;
  };
  for (std::size_t index = 0; index < endpoints.size(); ++index) {
    const std::optional<ConnectorEndpoint> destination = read_endpoint(m_model, endpoints[index]);
    if (!destination || (destination->resource == nullptr && destination->arn == nullptr)) {
      continue; // nothing SAM can resolve (SAM rejects such a connector)
    }
    const std::string connector_id = endpoints.size() > 1 ? fmt::format("{}Destination{}", id, index) : id;
    const bool write = std::find(categories.begin(), categories.end(), "Write") != categories.end();
    if (const std::string_view principal = connector_invoke_principal(source.type);
        !principal.empty() && destination->type == "AWS::Lambda::Function" && write) {
      // FunctionName %{Destination.Arn}, SourceArn %{Source.Arn} (the API's execute-api ARN).
      const Function* function =
        destination->resource != nullptr ? m_model.find_function(destination->resource->id) : m_model.function_for(destination->arn);
      const Value* source_arn = principal == "apigateway.amazonaws.com" ? execute_api_arn(source) : arn_of(source, "");
      if (function == nullptr || source_arn == nullptr) {
        continue;
      }
      Permission& permission = m_model.permissions.emplace_back();
      permission.resource = &generated_resource(connector_id + "WriteLambdaPermission", "AWS::Lambda::Permission", owner, at, at);
      permission.action = text("lambda:InvokeFunction", at);
      permission.principal = text(std::string(principal), at);
      if (destination->resource != nullptr) {
        Value& name = m_model.values.make(ValueKind::reference, at);
        name.reference = {Reference::Target::resource, destination->resource->id, {}};
        permission.function_name = &name;
      } else {
        permission.function_name = destination->arn;
      }
      permission.function = function;
      permission.source_arn = source_arn;
      if (principal == "s3.amazonaws.com") {
        Value& account = m_model.values.make(ValueKind::reference, at); // "SourceAccount": "${AWS::AccountId}"
        account.reference = {Reference::Target::pseudo, "AWS::AccountId", {}};
        permission.source_account = &account;
      }
      continue;
    }
    std::vector<const Value*> statements;
    bool on_source = false;
    bool resolved = true;
    for (const ConnectorGrant& grant : connector_grants()) {
      if (grant.source != source.type || grant.destination != destination->type ||
          std::find(categories.begin(), categories.end(), grant.category) == categories.end()) {
        continue;
      }
      on_source = grant.on_source;
      std::vector<const Value*> resources;
      for (const std::string_view suffix : grant.suffixes) {
        const Value* resource = arn_of(grant.on_source ? source : *destination, suffix);
        resolved = resolved && resource != nullptr;
        resources.push_back(resource);
      }
      statements.push_back(statement(grant.actions, list(std::move(resources), at), at));
    }
    if (statements.empty() || !resolved) {
      continue;
    }
    // SourcePolicy: the source's role is granted; otherwise the destination's (a function polling
    // the source queue or stream).
    if (Role* role = role_of(on_source ? *destination : source)) {
      add_inline_policy(*role, PolicyOrigin::sam_generated, connector_id + "Policy", owner, at, std::move(statements));
    }
  }
}

void Expansion::add_websocket_routes(const Resource& api)
{
  // AWS::Serverless::WebSocketApi: each route of Routes becomes an AWS_PROXY integration
  // (<Api><Route>Integration) on its FunctionArn, with the permission SAM creates
  // (<Api><Route>Permission, apigateway.amazonaws.com); IntegrationTimeout is its TimeoutInMillis.
  const Value* routes = api.property("Routes");
  if (routes == nullptr || routes->kind != ValueKind::map) {
    return;
  }
  for (const ValueEntry& route : routes->entries) {
    const Value* target = get_path(route.value, {"FunctionArn"});
    const Function* function = m_model.function_for(target);
    if (function == nullptr) {
      continue;
    }
    Trigger& trigger = m_model.triggers.emplace_back();
    trigger.kind = TriggerKind::api_http;
    trigger.websocket = true;
    trigger.source = &api;
    trigger.function = function;
    trigger.wiring = api.location(target);
    trigger.timeout_millis = get_path(route.value, {"IntegrationTimeout"});
    trigger.permission_auto_created = true;
  }
}

void Expansion::add_definition_body_triggers(const Resource& api)
{
  // An integration written in DefinitionBody invokes its function like an event does, but SAM
  // creates no permission for it (only events get one, push.py Api._get_permission): the
  // template must grant it. An integration SAM merged from the function's own event to this API
  // is that event's trigger already.
  const bool http = api.type == "AWS::Serverless::HttpApi";
  for (const cfn::OpenApiIntegration& integration : cfn::openapi_lambda_integrations(api.property("DefinitionBody"))) {
    const Function* function = m_model.function_for(integration.uri);
    if (function == nullptr) {
      continue;
    }
    const bool from_event = std::any_of(m_model.triggers.begin(), m_model.triggers.end(), [&](const Trigger& trigger) {
      return trigger.function == function && trigger.source == &api && trigger.permission_auto_created;
    });
    if (from_event) {
      continue;
    }
    Trigger& trigger = m_model.triggers.emplace_back();
    trigger.kind = http ? TriggerKind::api_http : TriggerKind::api_rest;
    trigger.source = &api;
    trigger.function = function;
    trigger.wiring = api.location(integration.uri);
    trigger.timeout_millis = integration.timeout_millis;
    trigger.event_invocation_requested = !http && invoke::requests_event_invocation(integration.invocation_type);
    cfn::describe_trigger_source(m_model, trigger);
  }
}

void Expansion::add_state_machine(const Resource& resource)
{
  // An inline Definition (with DefinitionSubstitutions) is read like AWS::StepFunctions::StateMachine's.
  for (StateMachineTask& task : cfn::extract_lambda_tasks(m_model, resource)) {
    m_model.state_machine_tasks.push_back(std::move(task));
  }
  // stepfunctions/generators.py _construct_role: without Role, <StateMachine>Role trusting
  // states.amazonaws.com with the Policies (and the X-Ray policy when Tracing.Enabled).
  if (is_set(resource.property("Role"))) {
    return;
  }
  const ValueEntry* policies_entry = resource.properties ? resource.properties->find_entry("Policies") : nullptr;
  Role& role = generated_role(resource, policies_entry ? policies_entry->key_range : resource.id_range,
                              service_trust_policy("states.amazonaws.com", resource.id_range));
  add_policies_property(role, resource);
  if (const Value* enabled = get_path(resource.properties, {"Tracing", "Enabled"}); is_text(enabled, "true")) {
    add_managed_policy(role, resource, "AWSXrayWriteOnlyAccess", enabled->range);
  }
}

} // namespace lint::sam
