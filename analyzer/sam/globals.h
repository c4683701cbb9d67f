#pragma once
// SAM Globals: properties written once under `Globals:` and merged into every AWS::Serverless::
// resource of that kind, with the SAM translator's own rules (samtranslator/plugins/globals/globals.py,
// https://github.com/aws/serverless-application-model/blob/develop/samtranslator/plugins/globals/globals.py):
// - a scalar (or an intrinsic function, which SAM treats as a scalar) written locally wins;
// - maps present on both sides merge key by key, recursively;
// - lists present on both sides concatenate, Globals items first (no de-duplication);
// - different kinds on the two sides: the local value wins.
// The merge works on evaluated Values, so every value keeps the range where it was written: an
// inherited Timeout points at the Globals line. Inherited values carry Value::from_globals.

#include "analyzer/value.h"

namespace lint::sam {

/// A deep copy of a Globals value with every value marked `from_globals`.
const Value* inherited_copy(ValueArena& arena, const Value* global);

/// The merge of an (already marked) Globals value with the resource's own value. Either may be
/// nullptr. New maps and lists are allocated in `arena`; leaves are shared.
const Value* merge_globals(ValueArena& arena, const Value* global, const Value* local);

} // namespace lint::sam
