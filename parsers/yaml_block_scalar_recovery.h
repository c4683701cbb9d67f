#pragma once
// Recovery from a yaml-cpp 0.7 bug (its issue #1163): a sequence entry whose block scalar carries a
// tag, with the content indented past the dash but not past the tag,
//
//   Layers:
//     - !Sub |
//       arn:aws:lambda:${AWS::Region}:123456789012:layer:x:1
//
// is valid YAML (the content only has to be indented more than the entry's `-`), and CloudFormation
// accepts it, but yaml-cpp rejects it with "end of sequence not found" and the whole file is lost.

#include "parsers/node.h"

namespace lint {

/// When `doc` is a YAML parse that failed and its text holds that form, re-reads the text with those
/// tags blanked out (every byte offset unchanged, so every range stays exact) and puts each tag back
/// on its scalar as the short-form parse would have (`!Sub |...` becomes {Fn::Sub: ...} with the
/// tag's range as the key's). Returns `doc` unchanged when there is nothing to recover; when the
/// re-read fails too, its error (the text's real one) replaces yaml-cpp's spurious one.
ParsedDocument recover_tagged_block_scalars(ParsedDocument doc, const ParseLimits& limits);

} // namespace lint
