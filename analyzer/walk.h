#pragma once
// Finding the files to lint under the paths given on the command line (check, audit) or under a
// workspace folder (the language server, lsp/discovery.h).

#include <string>
#include <vector>

namespace lint {

struct WalkedFile {
  std::string path;
  bool explicitly_named = false; // named on the command line (linted whatever its extension)
};

struct WalkResult {
  std::vector<WalkedFile> files; // sorted, deduplicated
  std::vector<std::pair<std::string, std::string>> errors; // path, message
};

/// Files under each path: a file is taken as is; a directory is walked recursively (symlinked
/// directories are not followed, so loops cannot happen), skipping .git, node_modules,
/// .terraform, .aws-sam and cdk.out, and keeping files with template extensions. Each directory
/// holding .tf/.tf.json files is one entry (a Terraform module is one unit of analysis), except
/// directories another module of the walk calls as a local child module (modules that only call
/// each other in a cycle keep the first of the cycle, so none is lost); a .tf file named on the
/// command line stands for its directory. A symbolic link with a template extension whose target
/// cannot be reached (dangling, or a loop) and a directory that cannot be read are errors; FIFOs,
/// sockets and devices are skipped (and never opened: reads do not block, support/read_file.h).
WalkResult collect_files(const std::vector<std::string>& paths);

} // namespace lint
