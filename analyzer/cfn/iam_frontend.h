#pragma once
// CloudFormation → IAM facets: AWS::IAM::Role (trust policy, inline policies, ManagedPolicyArns,
// PermissionsBoundary), AWS::IAM::Policy / RolePolicy / ManagedPolicy attached through their Roles
// lists, and each function's execution role. Only facets are filled here; what the policies mean
// is the IAM engine's business (analyzer/iam/).

#include "analyzer/model.h"

namespace lint::cfn {

/// Fills model.roles, model.policies, Function::execution_role and Role::functions. Called by the
/// CloudFormation frontend once functions exist.
void populate_iam(Model& model);

} // namespace lint::cfn
