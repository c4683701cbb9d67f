#pragma once
// Where the findings on a generated document belong. A front end that lints what a framework
// generated (a CDK cloud assembly's stack templates) knows, per resource, the name its author
// knows it by (the construct path), the line of the author's own code that created it (a creation
// stack trace), and which parts the framework wrote by itself (a CDK grant's statement). The
// pipeline applies this map to every finding of the unit, whatever rule produced it, so rules stay
// format-neutral (docs/cdk.md).

#include "support/finding.h"

#include <optional>
#include <string>
#include <vector>

namespace lint {

struct SourceMap {
  /// One resource of a generated document.
  struct Origin {
    SourceFilePtr file;               // the generated document
    SourceRange range;                // the resource in it
    std::string id;                   // its logical id in the generated document
    std::string name;                 // the name its author knows (a construct path); empty: the id
    std::optional<Location> written;  // the line of the author's code that created it, when known
  };
  /// A part of the generated document that the framework wrote by itself: findings located in it
  /// are not the author's mistakes.
  struct Generated {
    Location location;
    std::string reason;               // why, for the suppression's justification
  };
  std::vector<Origin> resources;
  std::vector<Generated> generated;
  /// What a resource's name is called ("construct"): a finding whose message does not name the
  /// resource it is located in gets " (construct 'Name')". Empty: messages are only renamed.
  std::string name_kind;
};

/// Applies the map to the findings of its unit:
/// - a finding located in a framework-generated part is suppressed (`via` "generated");
/// - a quoted logical id ('HandlerServiceRole5C3F5A4B') in a message becomes the resource's name;
/// - a finding located in a resource whose creation line is known moves there, with the position
///   in the generated document as its first related location.
void apply_source_map(const SourceMap& map, std::vector<Finding>& findings);

} // namespace lint
