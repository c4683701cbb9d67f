#include "support/atomic_write.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <random>
#include <sys/stat.h>
#include <unistd.h>

namespace lint {
namespace {

namespace fs = std::filesystem;

std::string write_all(int fd, std::string_view content)
{
  while (!content.empty()) {
    const ssize_t written = ::write(fd, content.data(), content.size());
    if (written < 0) {
      if (errno == EINTR) {
        continue;
      }
      return std::string("write failed: ") + std::strerror(errno);
    }
    content.remove_prefix(static_cast<std::size_t>(written));
  }
  return {};
}

/// Character devices and FIFOs: opened for writing (a FIFO waits for its reader, as `> fifo`
/// does in a shell) and written in place.
std::string write_through(const fs::path& path, std::string_view content)
{
  const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    return std::string("cannot write: ") + std::strerror(errno);
  }
  std::string error = write_all(fd, content);
  if (::close(fd) != 0 && error.empty()) {
    error = std::string("write failed: ") + std::strerror(errno);
  }
  return error;
}

} // namespace

std::string write_file_atomically(const std::string& path, std::string_view content)
{
  fs::path target(path);
  struct stat link_status {};
  if (::lstat(target.c_str(), &link_status) == 0 && S_ISLNK(link_status.st_mode)) {
    std::error_code error;
    const fs::path resolved = fs::weakly_canonical(target, error);
    if (error) {
      return "cannot resolve the symbolic link: " + error.message();
    }
    target = resolved; // replace what the link points to; the link stays
  }
  struct stat status {};
  const bool exists = ::stat(target.c_str(), &status) == 0;
  mode_t mode = 0;
  if (exists) {
    if (S_ISCHR(status.st_mode) || S_ISFIFO(status.st_mode)) {
      return write_through(target, content);
    }
    if (!S_ISREG(status.st_mode)) {
      return S_ISDIR(status.st_mode) ? std::string("is a directory") : std::string("not a regular file, a character device or a FIFO");
    }
    mode = status.st_mode & 07777;
  } else {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    mode = 0666 & ~mask;
  }
  std::random_device random;
  const fs::path temporary = target.parent_path() / ("." + target.filename().string() + ".tmp" + std::to_string(random()));
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    return std::string("cannot write: ") + std::strerror(errno);
  }
  std::string error = write_all(fd, content);
  if (error.empty() && ::fchmod(fd, mode) != 0) {
    error = std::string("cannot set the file mode: ") + std::strerror(errno);
  }
  if (::close(fd) != 0 && error.empty()) {
    error = std::string("write failed: ") + std::strerror(errno);
  }
  if (error.empty() && ::rename(temporary.c_str(), target.c_str()) != 0) {
    error = std::string("cannot replace the file: ") + std::strerror(errno);
  }
  if (!error.empty()) {
    ::unlink(temporary.c_str());
  }
  return error;
}

bool is_one_of_inputs(const fs::path& output, const std::vector<fs::path>& inputs)
{
  std::error_code error;
  if (!fs::exists(output, error)) {
    return false;
  }
  for (const fs::path& input : inputs) {
    if (fs::equivalent(output, input, error)) {
      return true;
    }
    const std::string name = output.filename().string();
    const bool terraform_file = name.ends_with(".tf") || name.ends_with(".tf.json") || name.ends_with(".tfvars");
    if (terraform_file && fs::is_directory(input, error) && fs::equivalent(fs::absolute(output, error).parent_path(), input, error)) {
      return true; // a file of a Terraform unit (the unit is its directory)
    }
  }
  return false;
}

} // namespace lint
