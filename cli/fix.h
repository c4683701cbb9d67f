#pragma once
// `lambdalint check --fix`: which of the findings' fixes to apply, the fixed text, a unified diff,
// and writing it back. Only the files a fix names are touched (another file than the finding's
// own only when the run lints it), only when their text on disk is still the text that was
// linted, and always atomically (a temporary file and a rename).

#include "support/finding.h"

#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace lint::cli {

/// The fixes chosen for one file and the text they produce.
struct FileFix {
  std::string path;
  std::string original;           // the text the findings were computed on
  std::string fixed;
  /// The titles of the applied fixes that edit this file first, in file order: a fix editing
  /// several files is counted once.
  std::vector<std::string> titles;
};

/// Whether a path is one the run lints (a file it was given or found, a Terraform file of a
/// module directory it lints).
using WritablePredicate = std::function<bool(const std::string& path)>;

/// Fixes to apply: those of unsuppressed findings marked safe (and unsafe ones when `unsafe`),
/// never display-only ones. A fix edits its finding's own file, and may edit other files
/// (TextEdit::file) only when `writable` accepts them; otherwise it is left out whole. Per file,
/// in position order; a fix whose edits overlap an earlier chosen fix's in any file is left for
/// the next pass (re-linting shows whether it is still needed). Files whose fixes change nothing
/// are left out.
std::vector<FileFix> plan_fixes(std::span<const Finding> findings, bool unsafe, const WritablePredicate& writable = {});

/// `text` with `edits` applied; the edits must not overlap (they are applied last first).
std::string apply_edits(std::string text, std::vector<TextEdit> edits);

/// A unified diff (`--- a/PATH`, `+++ b/PATH`, hunks with 3 lines of context); empty when equal.
std::string unified_diff(const std::string& path, const std::string& before, const std::string& after);

/// Writes `fix.fixed` to `fix.path` atomically, unless the file no longer holds `fix.original`
/// (edited since it was read). Returns an error message, or "" when written.
std::string write_fix(const FileFix& fix);

} // namespace lint::cli
