// CloudFormation → Role / Policy facets. See iam_frontend.h; the IAM engine (analyzer/iam/)
// interprets them.
//
// Resource shapes:
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-role.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-policy.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-rolepolicy.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-managedpolicy.html
// (Ref of a Role is its name, GetAtt Role.Arn its ARN; Ref of a ManagedPolicy is its ARN.)

#include "analyzer/cfn/iam_frontend.h"
#include "analyzer/json_string_document.h"

#include "analyzer/iam/managed.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace lint::cfn {
namespace {

class IamBuilder {
public:
  explicit IamBuilder(Model& model) : m_model(model) {}

  void build()
  {
    for (const Resource& resource : m_model.resources) {
      if (resource.type == "AWS::IAM::Role") {
        add_role(resource);
      }
    }
    // Managed policies first: role-side ManagedPolicyArns refer to them.
    for (const Resource& resource : m_model.resources) {
      if (resource.type == "AWS::IAM::ManagedPolicy") {
        add_policy_resource(resource, PolicyOrigin::customer_managed);
      }
    }
    for (const Resource& resource : m_model.resources) {
      if (resource.type == "AWS::IAM::Policy" || resource.type == "AWS::IAM::RolePolicy") {
        add_policy_resource(resource, PolicyOrigin::policy_resource);
      }
    }
    for (const auto& [role, resource] : m_pending_managed_arns) {
      attach_managed_policy_arns(*role, *resource);
    }
    for (Function& function : m_model.functions) {
      if (function.execution_role != nullptr) {
        continue; // SAM already resolved it (its generated role, or a Role naming one)
      }
      if (Role* role = role_of_function(function.role)) {
        function.execution_role = role;
        role->functions.push_back(&function);
      }
    }
  }

private:
  void add_role(const Resource& resource)
  {
    Role& role = m_model.roles.emplace_back();
    role.id = resource.id;
    role.resource = &resource;
    role.location = resource.at_id();
    role.trust_policy = decode_json_string_document(resource.property("AssumeRolePolicyDocument"), resource.file, m_model.values);
    role.trust_statements = policy_statements(role.trust_policy);
    role.permissions_boundary = resource.property("PermissionsBoundary");
    for (const Value* entry : list_items(resource.property("Policies"))) {
      const std::vector<const Value*> branches = possible_values(entry);
      for (const Value* branch : branches) {
        if (branch->kind != ValueKind::map) {
          continue;
        }
        Policy& policy = m_model.policies.emplace_back();
        policy.origin = PolicyOrigin::inline_policy;
        const auto written_name = as_string(branch->get("PolicyName"));
        policy.name = written_name ? std::string(*written_name) : fmt::format("{}.Policies[{}]", resource.id, role.policies.size());
        policy.resource = &resource;
        policy.location = resource.location(branch->range);
        policy.document = decode_json_string_document(branch->get("PolicyDocument"), resource.file, m_model.values);
        policy.statements = policy_statements(policy.document);
        policy.conditional = branches.size() > 1 || entry->kind == ValueKind::choice || !resource.condition.empty();
        if (policy.conditional) {
          for (Statement& statement : policy.statements) {
            statement.conditional = true;
          }
        }
        role.policies.push_back(&policy);
      }
    }
    if (const auto name = as_string(resource.property("RoleName"))) {
      m_roles_by_name.emplace(std::string(*name), &role);
    }
    m_pending_managed_arns.emplace_back(&role, &resource);
  }

  /// ManagedPolicyArns: AWS managed by ARN (also `arn:${AWS::Partition}:...`), a policy of this
  /// template (Ref / literal ARN naming its ManagedPolicyName), or unknown (parameter without
  /// default, ImportValue, another account's policy).
  void attach_managed_policy_arns(Role& role, const Resource& resource)
  {
    for (const Value* entry : list_items(resource.property("ManagedPolicyArns"))) {
      const std::vector<const Value*> branches = possible_values(entry);
      const bool conditional = branches.size() > 1 || entry->kind == ValueKind::choice;
      for (const Value* arn : branches) {
        if (const Reference* reference = single_reference(arn);
            reference && reference->target == Reference::Target::resource && reference->attribute.empty()) {
          if (auto found = m_customer_policies.find(reference->name); found != m_customer_policies.end()) {
            attach(role, found->second);
            continue;
          }
        }
        Policy& policy = m_model.policies.emplace_back();
        policy.arn = arn;
        policy.resource = &resource;
        policy.location = resource.location(arn->range);
        policy.conditional = conditional || !resource.condition.empty();
        const std::optional<std::string> text = iam::literal_policy_arn(arn);
        if (text && data::find_managed_policy_by_arn(*text) != nullptr) {
          policy.origin = PolicyOrigin::aws_managed;
          policy.name = std::string(data::find_managed_policy_by_arn(*text)->name);
        } else if (text && m_customer_policies_by_arn_name.contains(policy_name_of_arn(*text))) {
          // A literal ARN naming a ManagedPolicy of this template: attach the declared one instead.
          m_model.policies.pop_back();
          attach(role, m_customer_policies_by_arn_name.at(policy_name_of_arn(*text)));
          continue;
        } else {
          policy.origin = PolicyOrigin::unknown;
          if (text) {
            policy.name = policy_name_of_arn(*text);
          }
        }
        role.policies.push_back(&policy);
      }
    }
  }

  /// A policy attached twice (Roles list and ManagedPolicyArns) is in effect once.
  static void attach(Role& role, const Policy* policy)
  {
    if (std::find(role.policies.begin(), role.policies.end(), policy) == role.policies.end()) {
      role.policies.push_back(policy);
    }
  }

  static std::string policy_name_of_arn(std::string_view arn)
  {
    const std::size_t slash = arn.rfind('/');
    return std::string(slash == std::string_view::npos ? arn : arn.substr(slash + 1));
  }

  void add_policy_resource(const Resource& resource, PolicyOrigin origin)
  {
    Policy& policy = m_model.policies.emplace_back();
    policy.origin = origin;
    policy.resource = &resource;
    policy.location = resource.at_id();
    policy.document = decode_json_string_document(resource.property("PolicyDocument"), resource.file, m_model.values);
    policy.statements = policy_statements(policy.document);
    policy.conditional = !resource.condition.empty();
    if (policy.conditional) {
      for (Statement& statement : policy.statements) {
        statement.conditional = true;
      }
    }
    const char* name_property = origin == PolicyOrigin::customer_managed ? "ManagedPolicyName" : "PolicyName";
    policy.name = std::string(as_string(resource.property(name_property)).value_or(resource.id));
    if (origin == PolicyOrigin::customer_managed) {
      m_customer_policies.emplace(resource.id, &policy);
      if (const auto name = as_string(resource.property("ManagedPolicyName"))) {
        m_customer_policies_by_arn_name.emplace(std::string(*name), &policy);
      }
    }
    std::vector<const Value*> role_names;
    if (resource.type == "AWS::IAM::RolePolicy") {
      role_names.push_back(resource.property("RoleName"));
    } else {
      for (const Value* item : list_items(resource.property("Roles"))) {
        role_names.push_back(item);
      }
    }
    for (const Value* item : role_names) {
      const std::vector<const Value*> branches = possible_values(item);
      for (const Value* branch : branches) {
        if (Role* role = role_named(branch)) {
          attach(*role, &policy);
        }
      }
    }
  }

  /// A role designated by name: Ref of a role (its name), or a literal RoleName.
  Role* role_named(const Value* value)
  {
    if (const Reference* reference = single_reference(value);
        reference && reference->target == Reference::Target::resource && reference->attribute.empty() &&
        value->kind == ValueKind::reference) {
      return find_role(reference->name);
    }
    if (const auto text = as_string(value)) {
      if (auto found = m_roles_by_name.find(*text); found != m_roles_by_name.end()) {
        return found->second;
      }
    }
    return nullptr;
  }

  /// A function's Role: GetAtt Role.Arn, Sub "${Role.Arn}", "arn:...:role/${Role}" (Ref is the
  /// name), or a literal ARN whose last path segment is a declared RoleName.
  Role* role_of_function(const Value* value)
  {
    if (value == nullptr) {
      return nullptr;
    }
    if (value->kind == ValueKind::reference) {
      const Reference& reference = value->reference;
      return reference.target == Reference::Target::resource && reference.attribute == "Arn" ? find_role(reference.name) : nullptr;
    }
    if (value->kind == ValueKind::text_template) {
      std::vector<const TemplatePart*> parts;
      for (const TemplatePart& part : value->parts) {
        if (part.is_reference || !part.literal.empty()) {
          parts.push_back(&part);
        }
      }
      if (parts.size() == 1 && parts[0]->is_reference && parts[0]->reference.attribute == "Arn") {
        return find_role(parts[0]->reference.name);
      }
      // arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${Role}
      if (parts.size() >= 2 && parts.back()->is_reference && parts.back()->reference.attribute.empty() &&
          parts.back()->reference.target == Reference::Target::resource && !parts[parts.size() - 2]->is_reference &&
          parts[parts.size() - 2]->literal.ends_with("/") && parts[parts.size() - 2]->literal.find(":role/") != std::string::npos) {
        return find_role(parts.back()->reference.name);
      }
      return nullptr;
    }
    if (const auto text = as_string(value); text && text->starts_with("arn:") && text->find(":role/") != std::string_view::npos) {
      const std::string name = policy_name_of_arn(*text);
      if (auto found = m_roles_by_name.find(name); found != m_roles_by_name.end()) {
        return found->second;
      }
    }
    return nullptr;
  }

  Role* find_role(std::string_view id)
  {
    for (Role& role : m_model.roles) {
      if (role.id == id) {
        return &role;
      }
    }
    return nullptr;
  }

  Model& m_model;
  std::map<std::string, Role*, std::less<>> m_roles_by_name;
  std::map<std::string, Policy*, std::less<>> m_customer_policies;          // logical id → policy
  std::map<std::string, Policy*, std::less<>> m_customer_policies_by_arn_name; // ManagedPolicyName → policy
  std::vector<std::pair<Role*, const Resource*>> m_pending_managed_arns;
};

} // namespace

void populate_iam(Model& model)
{
  IamBuilder(model).build();
}

} // namespace lint::cfn
