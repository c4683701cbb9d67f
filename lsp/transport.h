#pragma once
// Moves JSON-RPC message bodies between the server and its client. Two framings:
//  - Content-Length headers (the LSP base protocol) over stdio;
//  - '---' lines between messages, for transcript tests (clangd's -lit-test): readable fixtures.
// The transport never interprets a body; the server parses it, so a malformed body gets a
// JSON-RPC ParseError reply rather than killing the loop.

#include <atomic>
#include <cstddef>
#include <iosfwd>
#include <mutex>
#include <string>

namespace lint::lsp {

struct ReadResult {
  enum class Status { message, framing_error, end };
  Status status = Status::end;
  std::string body;  // the message (Status::message)
  std::string error; // what was wrong with the framing (Status::framing_error)
};

class Transport {
public:
  virtual ~Transport() = default;
  /// Blocks for the next message. Only the reading thread calls it.
  virtual ReadResult read() = 0;
  /// Writes one message. Thread-safe: the analysis worker publishes while the reader replies.
  virtual void write(const std::string& body) = 0;
};

/// LSP base protocol: "Content-Length: N\r\n\r\n" then N bytes. Other headers are ignored.
class ContentLengthTransport final : public Transport {
public:
  /// A Content-Length above this size is a framing error; the bytes after it are not skipped but
  /// searched for the next Content-Length header, as after any framing error (a too small,
  /// negative or missing length), so later messages are never lost.
  /// After a failed write (a broken stdout pipe) read() returns Status::end: nobody is listening.
  static constexpr std::size_t k_max_body = 64 * 1024 * 1024;

  ContentLengthTransport(std::istream& in, std::ostream& out) : m_in(in), m_out(out) {}
  ReadResult read() override;
  void write(const std::string& body) override;

private:
  std::istream& m_in;
  std::ostream& m_out;
  std::mutex m_write_mutex;
  /// Set when a write fails (the client closed its end): read() then reports the end of input.
  std::atomic<bool> m_output_broken{false};
};

/// Messages separated by lines consisting of "---"; lines starting with '#' outside a message
/// are comments. Output is written the same way (pretty-printed by the caller if wanted).
class DelimitedTransport final : public Transport {
public:
  DelimitedTransport(std::istream& in, std::ostream& out) : m_in(in), m_out(out) {}
  ReadResult read() override;
  void write(const std::string& body) override;

private:
  std::istream& m_in;
  std::ostream& m_out;
  std::mutex m_write_mutex;
};

} // namespace lint::lsp
