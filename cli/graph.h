#pragma once
// `lambdalint graph PATH [--format dot|mermaid|json] [--output FILE]`: the model of one template
// with the rules' findings marked on it (docs/graph.md).

namespace lint::cli {

/// Runs the graph command on the arguments after `graph`; returns the exit code.
int run_graph(int argc, char** argv);

} // namespace lint::cli
