#pragma once
// Filesystem paths as findings, baselines and SARIF name them: absolute, symlink-free, and relative
// to the repository root (GitHub resolves SARIF URIs against the checkout root; baselines must not
// depend on where lambdalint runs from).

#include <filesystem>
#include <optional>
#include <string>

namespace lint {

/// Absolute, symlinks resolved where the path exists (weakly_canonical works for missing files
/// too), without a trailing separator.
std::filesystem::path normalized_path(const std::filesystem::path& path);

/// The nearest directory at or above `start` (a file or a directory) holding `.git` (a directory,
/// or a file in worktrees and submodules); the start directory itself when there is none.
std::filesystem::path find_repository_root(const std::filesystem::path& start);

/// `file` relative to `root` in generic form ("a/b.yaml") when it lies under it, else nullopt.
std::optional<std::string> relative_path_under(const std::filesystem::path& file, const std::filesystem::path& root);

} // namespace lint
