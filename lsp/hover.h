#pragma once
// Hover text (markdown): the rule behind a diagnostic or a `# lambdalint:ignore LLnnn` comment,
// and the AWS resource specification's documentation for a resource type or property name.

#include "support/finding.h"

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace lint::lsp {

struct HoverText {
  std::string markdown;
  SourceRange range; // what the hover is about (byte range in the text)
};

/// The rule's hover: id, name, level, summary, explanation and links.
std::string rule_markdown(std::string_view rule_id);

/// Hover at byte `offset` of `text` (the document `path`). `findings` are the document's current
/// findings (for the version `text` is); the rule part comes from them, the documentation part
/// from parsing `text` as a template. nullopt when there is nothing to say.
std::optional<HoverText> hover_at(const std::string& path, std::string_view text, std::uint32_t offset,
                                  std::span<const Finding> findings);

/// The AWS documentation page of a resource type (CloudFormation or SAM).
std::string resource_doc_url(std::string_view type);

} // namespace lint::lsp
