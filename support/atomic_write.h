#pragma once
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace lint {

/// Writes a report, baseline or generated page the way the user expects from `> path`, without
/// ever half-writing a file:
///  - a regular file (new or existing) is written to a temporary file in the same directory and
///    renamed over it, keeping the existing file's permission bits (a 0600 report stays 0600);
///  - a symbolic link is followed: its target is replaced, the link stays a link;
///  - a character device (/dev/null, /dev/stdout) or a FIFO is written through, never replaced;
///  - anything else (a directory, a socket, a block device) is refused.
/// Returns an error message, or "" on success.
std::string write_file_atomically(const std::string& path, std::string_view content);

/// True when `output` names an existing file that is one of `inputs`, or a Terraform file
/// (.tf, .tf.json, .tfvars) of an input directory (a Terraform unit): writing there would
/// replace a file being linted.
bool is_one_of_inputs(const std::filesystem::path& output, const std::vector<std::filesystem::path>& inputs);

} // namespace lint
