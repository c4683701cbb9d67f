#pragma once
// `lambdalint policy PATH [--function NAME] [--config FILE]`: the least-privilege policy each
// function needs, from what its code calls (analyzer/code) and what its configuration needs, as
// IAM JSON (docs/code-analysis.md).

namespace lint::cli {

/// Runs the policy command on the arguments after `policy`; returns the exit code.
int run_policy(int argc, char** argv);

} // namespace lint::cli
