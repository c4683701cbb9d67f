#pragma once
// The one way lambdalint reads a file (templates, Terraform files, plans, configs, baselines,
// module manifests): opened without blocking, checked to be a regular file before a byte is read,
// and bounded in size. A FIFO, a device (/dev/zero, also through a symlink), a socket or a
// directory is refused with a message instead of blocking or reading without end.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

namespace lint {

/// Largest file read by default: 64 MiB. Real templates stay under 1 MB (CloudFormation accepts
/// 1 MB through S3); Terraform plans and states of large accounts reach tens of MB.
inline constexpr std::size_t k_max_file_bytes = std::size_t{64} << 20;
/// Largest Terraform file (.tf, .tf.json, .tfvars): 2 MiB. tree-sitter's HCL grammar makes a
/// token of every character of a quoted string, about 200 bytes of memory per byte; hand-written
/// modules stay far below this.
inline constexpr std::size_t k_max_hcl_bytes = std::size_t{2} << 20;
/// Largest Terraform plan or state JSON: 512 MiB (`terraform show -json` of a large account).
inline constexpr std::size_t k_max_plan_bytes = std::size_t{512} << 20;
/// Largest configuration file or baseline: 16 MiB.
inline constexpr std::size_t k_max_config_bytes = std::size_t{16} << 20;

struct ReadResult {
  std::optional<std::string> text; // the content, or nullopt with `error` set
  std::string error;               // "not a regular file (a FIFO)", "larger than 64 MiB", strerror text
  bool not_found = false;          // ENOENT: callers that probe for optional files stay quiet
};

/// Reads a regular file whole. Never blocks on a FIFO or a device, never reads more than
/// `max_bytes` (a file that grows while read is cut off with an error too).
ReadResult read_regular_file(const std::filesystem::path& path, std::size_t max_bytes = k_max_file_bytes);

/// How long a pipe named on the command line may take to deliver its content.
inline constexpr int k_pipe_timeout_ms = 10'000;

/// Like read_regular_file, but a pipe or FIFO (`check <(generate)`, a named FIFO given as an
/// argument) is read too: without blocking, up to `max_bytes`, for at most k_pipe_timeout_ms, and
/// an empty one (a FIFO nobody writes to) is an error. Devices stay refused.
ReadResult read_named_file(const std::filesystem::path& path, std::size_t max_bytes = k_max_file_bytes);

/// The first `max_bytes` bytes of a regular file (content sniffing); "" when it cannot be read.
std::string read_regular_file_prefix(const std::filesystem::path& path, std::size_t max_bytes);

/// "a FIFO", "a character device", ... for messages; "a regular file" for S_IFREG.
std::string describe_file_type(unsigned mode);

} // namespace lint
