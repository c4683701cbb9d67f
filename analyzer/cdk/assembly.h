#pragma once
// AWS CDK cloud assemblies (`cdk.out/`, docs/cdk.md): every stack template an assembly holds
// (nested stacks and stage sub-assemblies `assembly-*/` included) is one unit, modelled by the
// CloudFormation front end and then mapped back to the CDK app: resources are named by their
// construct path, findings move to the line of the app's own code that created the construct when
// the assembly carries creation stack traces, CDK's own grant statements are not the author's
// mistakes, and a function's code asset is resolved to its directory.

#include "analyzer/frontends.h"

#include <string_view>

namespace lint::cdk {

/// Whether a file is a stack template of a cloud assembly: a `*.template.json` whose directory
/// holds the assembly's `manifest.json`.
bool is_assembly_template(std::string_view path);

/// The model of one stack template, with its source map (BuiltUnit::source_map). Never throws on
/// bad input: an unreadable manifest or missing source files only lose the mapping.
BuiltUnit build_stack(const FrontendInput& input);

/// The first frame of a creation stack trace that is the app's own code (not node_modules,
/// site-packages, jsii or the runtime's internals), as path, 1-based line and column; nullopt
/// when there is none. Reads Node.js frames (`new Stack (/app/lib/stack.ts:12:5)`) and Python ones
/// (`File "/app/stack.py", line 12, in __init__`).
struct Frame {
  std::string path;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};
std::optional<Frame> user_frame(const std::vector<std::string>& trace);

/// The display name of a construct path: `OrdersStack/Handler/Resource` → `OrdersStack/Handler`.
std::string construct_name(std::string_view path);

} // namespace lint::cdk
