#pragma once
// The Serverless Framework (v3 and v4) front end: `serverless.yml` / `serverless.yaml`
// (docs/serverless.md). The framework compiles the file into a CloudFormation stack; lambdalint
// models what it compiles without running it, the way the SAM front end models SAM: the file
// becomes a located template of the same shape (every node keeps its range in serverless.yml) whose
// functions are AWS::Serverless::Function resources (provider settings as their Globals, events as
// SAM events), whose shared execution role IamRoleLambdaExecution carries the statements the
// framework writes, and whose `resources:` are merged as written. The CloudFormation and SAM front
// ends then build the model, so every rule applies and every finding lands on a serverless.yml line.

#include "analyzer/frontends.h"

#include <string_view>

namespace lint::serverless {

/// Cheap text test: the file may be a Serverless configuration (`service` and `provider` keys).
bool may_be_config(std::string_view text);

/// Whether a parsed document is a Serverless configuration: a `service` and a `provider` whose
/// `name` is `aws`.
bool is_config(const Node* root);

/// Whether a file is named as the framework looks for its configuration (serverless.yml / .yaml).
bool is_config_name(std::string_view path);

/// `.serverless/cloudformation-template-update-stack.json` beside a serverless.yml: the packaged
/// output of that configuration, reported through the configuration instead.
bool is_packaged_beside_config(std::string_view path);

/// The model of a configuration; nullptr model when the document is not one.
BuiltUnit build(const FrontendInput& input);

/// A function's logical id as the framework names it: `create-order` → `CreateDashorderLambdaFunction`.
std::string function_logical_id(std::string_view name);

} // namespace lint::serverless
