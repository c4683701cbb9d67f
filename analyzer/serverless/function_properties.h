#pragma once
// The function properties the Serverless Framework knows, for LL004 on serverless.yml.

#include "analyzer/model.h"
#include "parsers/node.h"

namespace lint::serverless {

/// Adds an LL004 problem for each key of a function under `functions:` that the framework does not
/// know and that is a near miss of one it knows (`timout`, `memorysize`): the framework only warns
/// (configValidationMode: warn, its default) and deploys the function without the setting. Nothing
/// is reported when the configuration loads plugins, which may define function properties of their
/// own (configSchemaHandler.defineFunctionProperties).
void report_unknown_function_properties(const Node* root, const SourceFilePtr& file, Model& model);

} // namespace lint::serverless
