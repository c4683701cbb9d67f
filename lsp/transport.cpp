#include "lsp/transport.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>
#include <istream>
#include <ostream>

namespace lint::lsp {
namespace {

std::string_view trim(std::string_view text)
{
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

bool equals_ignoring_case(std::string_view a, std::string_view b)
{
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

/// std::getline with a cap: of a line longer than `limit`, only the last `limit` bytes or so are
/// kept (`truncated` is set), so a client that never sends a line break cannot make the server
/// buffer without end, and a header glued to the end of a long run of garbage is still seen.
/// False at the end of input with nothing read, like std::getline.
bool read_header_line(std::istream& in, std::string& line, std::size_t limit, bool& truncated)
{
  line.clear();
  truncated = false;
  std::streambuf* buffer = in.rdbuf();
  while (true) {
    const int c = buffer->sbumpc();
    if (c == std::char_traits<char>::eof()) {
      in.setstate(std::ios::eofbit);
      return !line.empty() || truncated;
    }
    if (c == '\n') {
      return true;
    }
    if (line.size() >= 2 * limit) {
      line.erase(0, line.size() - limit); // amortised: half the buffer is dropped at a time
      truncated = true;
    }
    line.push_back(static_cast<char>(c));
  }
}

// Real headers are a few dozen bytes.
constexpr std::size_t k_max_header_line = 4096;

/// Where a Content-Length header starts in a line, ignoring case; npos when it has none. After a
/// wrong Content-Length (too small, negative, missing, too large) the bytes left of the previous
/// body run into the next header without a line break between them ("...}}Content-Length: 52"):
/// the header is found wherever it starts, so the stream resynchronises on the next message.
std::size_t find_content_length(std::string_view line)
{
  constexpr std::string_view name = "content-length";
  for (std::size_t at = line.size() >= name.size() ? line.size() - name.size() + 1 : 0; at-- > 0;) {
    if (equals_ignoring_case(line.substr(at, name.size()), name)) {
      const std::string_view rest = trim(line.substr(at + name.size()));
      if (rest.starts_with(':')) {
        return at;
      }
    }
  }
  return std::string_view::npos;
}

} // namespace

ReadResult ContentLengthTransport::read()
{
  std::string line;
  std::optional<std::size_t> length;
  std::string header_error;
  bool any_header = false;
  if (m_output_broken) {
    return {ReadResult::Status::end, {}, {}};
  }
  // Headers end at an empty line. Blank lines before any header (stray newlines after a body
  // some clients send) are skipped.
  while (true) {
    bool truncated = false;
    if (!read_header_line(m_in, line, k_max_header_line, truncated)) {
      return {ReadResult::Status::end, {}, {}};
    }
    std::string_view header = trim(line);
    if (const std::size_t at = find_content_length(header); at != 0 && at != std::string_view::npos) {
      // Garbage before the header (the rest of a body whose Content-Length was too small).
      header_error = "bytes outside any message before a Content-Length header";
      header = header.substr(at);
      length.reset(); // a length read before the garbage belonged to nothing
    } else if (truncated) {
      any_header = true;
      header_error = fmt::format("header line longer than {} bytes", k_max_header_line);
      continue;
    }
    if (header.empty()) {
      if (!any_header) {
        continue;
      }
      break;
    }
    any_header = true;
    const auto colon = header.find(':');
    if (colon == std::string_view::npos) {
      header_error = fmt::format("malformed header line '{}'", header.substr(0, 80));
      continue;
    }
    if (!equals_ignoring_case(trim(header.substr(0, colon)), "Content-Length")) {
      continue; // Content-Type and unknown headers carry nothing we need
    }
    const std::string_view value = trim(header.substr(colon + 1));
    std::size_t parsed = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), parsed);
    if (ec != std::errc() || end != value.data() + value.size()) {
      header_error = fmt::format("Content-Length '{}' is not a number", value.substr(0, 40));
      continue;
    }
    length = parsed;
  }
  if (!length) {
    return {ReadResult::Status::framing_error, {},
            header_error.empty() ? std::string("message without a Content-Length header") : header_error};
  }
  if (*length > k_max_body) {
    // Not skipped: skipping 10^12 bytes would swallow every later message. What follows is read
    // as header lines (bounded) until the next Content-Length header, as after any framing error.
    return {ReadResult::Status::framing_error, {}, fmt::format("Content-Length {} exceeds the limit of {} bytes", *length, k_max_body)};
  }
  std::string body(*length, '\0');
  m_in.read(body.data(), static_cast<std::streamsize>(*length));
  if (static_cast<std::size_t>(m_in.gcount()) != *length) {
    return {ReadResult::Status::end, {}, {}}; // the client went away mid-message
  }
  return {ReadResult::Status::message, std::move(body), {}};
}

void ContentLengthTransport::write(const std::string& body)
{
  const std::lock_guard lock(m_write_mutex);
  // One frame, one write: a client reading a half-written header under load must never see it.
  std::string frame = "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  frame += body;
  m_out.write(frame.data(), static_cast<std::streamsize>(frame.size()));
  m_out.flush();
  if (!m_out) {
    m_output_broken = true;
  }
}

ReadResult DelimitedTransport::read()
{
  std::string body;
  std::string line;
  bool in_message = false;
  while (std::getline(m_in, line)) {
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    if (line == "---") {
      if (in_message) {
        return {ReadResult::Status::message, std::move(body), {}};
      }
      continue;
    }
    if (!in_message && (line.empty() || line.starts_with('#'))) {
      continue;
    }
    in_message = true;
    body += line;
    body += '\n';
  }
  if (in_message) {
    return {ReadResult::Status::message, std::move(body), {}};
  }
  return {ReadResult::Status::end, {}, {}};
}

void DelimitedTransport::write(const std::string& body)
{
  const std::lock_guard lock(m_write_mutex);
  m_out << body << "\n---\n";
  m_out.flush();
}

} // namespace lint::lsp
