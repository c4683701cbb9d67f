#pragma once
// IAM policies written as JSON strings: `PolicyDocument: '{"Version": ...}'` in CloudFormation,
// `policy = "{\"Version\": ...}"` in Terraform. The string is decoded into the same symbolic value
// a structured document gives, with every key and value located where it is written in the file:
// through the string's quoting and escapes (YAML and JSON escapes, HCL escapes, a YAML block
// scalar's indentation), exactly when the string has none.

#include "analyzer/value.h"
#include "support/source.h"

namespace lint {

/// When `value` is a string holding a JSON object, the document it encodes (a map Value whose
/// ranges point into `file`, or into the value's own file when it has one); otherwise `value`
/// unchanged (structured documents, references, unknown values, text that is not JSON).
const Value* decode_json_string_document(const Value* value, const SourceFilePtr& file, ValueArena& values);

} // namespace lint
