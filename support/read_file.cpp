#include "support/read_file.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <chrono>
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

namespace lint {

std::string describe_file_type(unsigned mode)
{
  switch (mode & S_IFMT) {
  case S_IFREG: return "a regular file";
  case S_IFDIR: return "a directory";
  case S_IFIFO: return "a FIFO";
  case S_IFCHR: return "a character device";
  case S_IFBLK: return "a block device";
  case S_IFSOCK: return "a socket";
  default: return "not a regular file";
  }
}

namespace {

std::string fmt_seconds(const char* prefix, int milliseconds)
{
  return prefix + std::to_string(milliseconds / 1000) + " s";
}

std::string size_text(std::size_t bytes)
{
  if (bytes % (std::size_t{1} << 20) == 0) {
    return std::to_string(bytes >> 20) + " MiB";
  }
  return std::to_string(bytes) + " bytes";
}

/// Closes the descriptor on every path.
struct Descriptor {
  int fd = -1;
  ~Descriptor()
  {
    if (fd >= 0) {
      ::close(fd);
    }
  }
};

} // namespace

namespace {

/// A pipe opened with O_NONBLOCK: data as it comes, until end of input, the size limit or the time
/// limit (poll between reads, so a writer that never writes cannot hold the run).
ReadResult read_pipe(int fd, std::size_t max_bytes)
{
  ReadResult result;
  std::string text;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(k_pipe_timeout_ms);
  char buffer[65536];
  for (;;) {
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got > 0) {
      if (text.size() + static_cast<std::size_t>(got) > max_bytes) {
        result.error = "cannot read: larger than " + size_text(max_bytes) + " (the limit for one file)";
        return result;
      }
      text.append(buffer, static_cast<std::size_t>(got));
      continue;
    }
    if (got == 0) {
      break; // end of input (or a FIFO without a writer)
    }
    if (errno == EINTR) {
      continue;
    }
    if (errno != EAGAIN && errno != EWOULDBLOCK) {
      result.error = std::string("read error: ") + std::strerror(errno);
      return result;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    pollfd waiting{fd, POLLIN, 0};
    if (left <= 0 || ::poll(&waiting, 1, static_cast<int>(left)) == 0) {
      result.error = fmt_seconds("cannot read: the pipe delivered no end of input within ", k_pipe_timeout_ms);
      return result;
    }
  }
  if (text.empty()) {
    result.error = "cannot read: the pipe or FIFO is empty (nothing was written to it)";
    return result;
  }
  result.text = std::move(text);
  return result;
}

ReadResult read_impl(const std::filesystem::path& path, std::size_t max_bytes, bool prefix_only, bool allow_pipe = false)
{
  ReadResult result;
  // O_NONBLOCK: opening a FIFO without a writer would wait forever; the type is checked next.
  Descriptor file{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)};
  if (file.fd < 0) {
    result.not_found = errno == ENOENT;
    result.error = std::string("cannot read: ") + std::strerror(errno);
    return result;
  }
  struct stat status {};
  if (::fstat(file.fd, &status) != 0) {
    result.error = std::string("cannot read: ") + std::strerror(errno);
    return result;
  }
  if (allow_pipe && S_ISFIFO(status.st_mode)) {
    return read_pipe(file.fd, max_bytes);
  }
  if (!S_ISREG(status.st_mode)) {
    result.error = "cannot read: " + describe_file_type(status.st_mode) + ", not a regular file";
    return result;
  }
  if (!prefix_only && (status.st_size < 0 || static_cast<std::size_t>(status.st_size) > max_bytes)) {
    result.error = "cannot read: larger than " + size_text(max_bytes) + " (the limit for one file)";
    return result;
  }
  // A regular file never blocks; clearing O_NONBLOCK keeps reads on network filesystems simple.
  const int flags = ::fcntl(file.fd, F_GETFL);
  if (flags >= 0) {
    ::fcntl(file.fd, F_SETFL, flags & ~O_NONBLOCK);
  }
  std::string text;
  text.resize(std::min(max_bytes, static_cast<std::size_t>(std::max<off_t>(status.st_size, 0))));
  std::size_t filled = 0;
  for (;;) {
    if (filled == text.size()) {
      if (text.size() >= max_bytes) {
        if (prefix_only) {
          break;
        }
        // Grew past the limit while read (or a /proc-like file that reports size 0).
        char probe = 0;
        const ssize_t more = ::read(file.fd, &probe, 1);
        if (more > 0) {
          result.error = "cannot read: larger than " + size_text(max_bytes) + " (the limit for one file)";
          return result;
        }
        break;
      }
      text.resize(std::min(max_bytes, std::max<std::size_t>(text.size() * 2, 4096)));
    }
    const ssize_t got = ::read(file.fd, text.data() + filled, text.size() - filled);
    if (got < 0) {
      if (errno == EINTR) {
        continue;
      }
      result.error = std::string("read error: ") + std::strerror(errno);
      return result;
    }
    if (got == 0) {
      break;
    }
    filled += static_cast<std::size_t>(got);
  }
  text.resize(filled);
  result.text = std::move(text);
  return result;
}

} // namespace

ReadResult read_regular_file(const std::filesystem::path& path, std::size_t max_bytes)
{
  return read_impl(path, max_bytes, false);
}

ReadResult read_named_file(const std::filesystem::path& path, std::size_t max_bytes)
{
  return read_impl(path, max_bytes, false, true);
}

std::string read_regular_file_prefix(const std::filesystem::path& path, std::size_t max_bytes)
{
  ReadResult read = read_impl(path, max_bytes, true);
  return read.text ? std::move(*read.text) : std::string();
}

} // namespace lint
