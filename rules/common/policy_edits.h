#pragma once
// Quick-fix rendering for the IAM rules: a least-privilege statement appended to a role's inline
// policy (or to a SAM function's Policies, or a Terraform aws_iam_role_policy), written in the role
// file's own syntax (YAML, JSON or HCL), next to rules/common/template_edits.

#include "analyzer/model.h"
#include "support/finding.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lint::rules::iam_rules {

/// Whether a template file is JSON (its first non-blank character is `{`).
bool is_json_text(std::string_view text);

/// A one-line rendering of a written value as the file writes it (YAML or JSON), for quick fixes.
/// JSON spanning lines is joined (JSON strings hold no raw line breaks); multi-line YAML gives nullopt.
std::optional<std::string> yaml_source(const Resource& resource, const Value* value);

/// The JSON form of the quick fix: `, {"Effect": "Allow", ...}` after the last statement of the
/// role's first inline policy, on a line of its own at the statement's indentation.
std::optional<Fix> least_privilege_fix_json(const Role& role, const std::vector<std::string_view>& actions, const std::string& resource_json);

/// The quick fix: a statement granting exactly `actions` on the resource, appended to the role's
/// first inline policy when that policy's Statement is a YAML block list or a JSON array.
/// `resource_text` is the Resource as written in the role's file (YAML or JSON). Flow-style YAML
/// lists get no fix.
std::optional<Fix> least_privilege_fix(const Role& role, const std::vector<std::string_view>& actions, const std::string& resource_text);

/// A Resource written as JSON (CloudFormation intrinsics, code::CallNeed::policy_resource_json) in
/// YAML's short form where there is one (`!GetAtt Orders.Arn`); other JSON as it is (a JSON string
/// is a YAML double-quoted scalar, an object flow YAML).
std::string yaml_resource(const std::string& resource_json);

/// The fix granting `actions` on a Resource written as JSON (`"*"`, CloudFormation intrinsics, a
/// Terraform `"${aws_sqs_queue.q.arn}"`) to the function's execution role, in the file and format
/// that declare the role (the edits name that file): CloudFormation, a statement in the role's
/// first inline policy or a new policy in its Policies; SAM's generated role, a `Statement` entry
/// in the function's Policies; Terraform, an aws_iam_role_policy block after the aws_iam_role.
/// nullopt when the role is not written in the input (an imported ARN) or not in a layout that
/// can be edited safely. Unsafe: it widens permissions.
std::optional<Fix> grant_fix(const Model& model, const Function& function, const std::vector<std::string_view>& actions,
                             const std::string& resource_json);

} // namespace lint::rules::iam_rules
