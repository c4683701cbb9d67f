#pragma once
// `lambdalint check --fix`: which of the findings' fixes to apply, the fixed text, a unified diff,
// and writing it back. Only the file a fix names is touched, only when its text on disk is still
// the text that was linted, and always atomically (a temporary file and a rename).

#include "support/finding.h"

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace lint::cli {

/// The fixes chosen for one file and the text they produce.
struct FileFix {
  std::string path;
  std::string original;           // the text the findings were computed on
  std::string fixed;
  std::vector<std::string> titles; // the applied fixes' titles, in file order
};

/// Fixes to apply: those of unsuppressed findings marked safe (and unsafe ones when `unsafe`),
/// never display-only ones. Per file, in position order; a fix whose edits overlap an earlier
/// chosen fix's is left for the next pass (re-linting shows whether it is still needed). Files
/// whose fixes change nothing are left out.
std::vector<FileFix> plan_fixes(std::span<const Finding> findings, bool unsafe);

/// `text` with `edits` applied; the edits must not overlap (they are applied last first).
std::string apply_edits(std::string text, std::vector<TextEdit> edits);

/// A unified diff (`--- a/PATH`, `+++ b/PATH`, hunks with 3 lines of context); empty when equal.
std::string unified_diff(const std::string& path, const std::string& before, const std::string& after);

/// Writes `fix.fixed` to `fix.path` atomically, unless the file no longer holds `fix.original`
/// (edited since it was read). Returns an error message, or "" when written.
std::string write_fix(const FileFix& fix);

} // namespace lint::cli
