#pragma once
// The model made visible: who invokes each function (triggers, event source mappings,
// permissions), what it runs as (its role and that role's policies), with the findings of the
// rules marked on the nodes they point at. Three renderings:
// - dot (Graphviz) and mermaid, for people: a stack's wiring at a glance;
// - json, for machines: the stable, documented model (docs/graph.md), per function its resolved
//   settings, role, effective policy statements with their origin, permissions and triggers, each
//   with its source location.

#include "analyzer/model.h"
#include "support/finding.h"

#include <span>
#include <string>

namespace lint::graph {

enum class Format : std::uint8_t { dot, mermaid, json };

/// The version of the JSON document's shape; bumped on incompatible changes.
inline constexpr int k_json_version = 1;

/// Renders the model of one unit; `findings` are the rules' findings on it (attached to the node of
/// the resource whose range holds each finding's primary location).
std::string render(const Model& model, std::span<const Finding> findings, Format format);

} // namespace lint::graph
