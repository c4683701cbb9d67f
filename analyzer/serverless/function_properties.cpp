#include "analyzer/serverless/function_properties.h"

#include "support/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace lint::serverless {
namespace {

// The function properties of the framework's configuration schema: the AWS provider's
// (lib/plugins/aws/provider.js, defineFunctionProperties('aws', ...), v3.38 and v4) and the core
// ones (name, events), with the IAM-per-function properties lambdalint models
// (iamRoleStatements...). https://www.serverless.com/framework/docs/providers/aws/guide/serverless.yml
constexpr std::array<std::string_view, 39> k_function_properties{
  "architecture",        "awsKmsKeyArn",       "condition",          "dependsOn",       "description",
  "destinations",        "disableLogs",        "environment",        "ephemeralStorageSize",
  "events",              "fileSystemConfig",   "handler",            "iamRoleStatements",
  "iamRoleStatementsInherit", "iamRoleStatementsName", "image",      "kmsKeyArn",       "layers",
  "logDataProtectionPolicy", "logRetentionInDays", "logs",           "maximumEventAge", "maximumRetryAttempts",
  "memorySize",          "name",               "onError",            "package",         "provisionedConcurrency",
  "reservedConcurrency", "role",               "runtime",            "runtimeManagement", "snapStart",
  "tags",                "timeout",            "tracing",            "url",             "versionFunction",
  "vpc",
};

} // namespace

void report_unknown_function_properties(const Node* root, const SourceFilePtr& file, Model& model)
{
  if (root == nullptr || !root->is_mapping()) {
    return;
  }
  if (const Node* plugins = root->get("plugins"); plugins != nullptr && !(plugins->is_sequence() && plugins->items.empty())) {
    return;
  }
  const Node* functions = root->get("functions");
  if (functions == nullptr || !functions->is_mapping()) {
    return;
  }
  for (const MappingEntry& function : functions->entries) {
    if (function.value == nullptr || !function.value->is_mapping()) {
      continue;
    }
    for (const MappingEntry& entry : function.value->entries) {
      if (std::find(k_function_properties.begin(), k_function_properties.end(), entry.key) != k_function_properties.end()) {
        continue;
      }
      const std::string_view meant = nearest_name(entry.key, k_function_properties, [](std::string_view known) { return known; });
      if (meant.empty()) {
        continue; // not a misspelling of a known property: a plugin's or a newer framework's, perhaps
      }
      ModelProblem& problem = model.problems.emplace_back();
      problem.rule_id = "LL004";
      problem.location = {file, entry.key_range};
      problem.message = fmt::format("Function '{}' sets '{}', which is not a Serverless Framework function property (did you mean '{}'?): "
                                    "the framework warns and deploys the function without it",
                                    function.key, entry.key, meant);
      problem.fingerprint = fmt::format("{}/{}", function.key, entry.key);
    }
  }
}

} // namespace lint::serverless
