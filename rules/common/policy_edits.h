#pragma once
// Quick-fix rendering for the IAM rules: a least-privilege statement appended to a role's inline
// policy, written in the role file's own syntax (YAML or JSON), next to rules/common/template_edits.

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

} // namespace lint::rules::iam_rules
