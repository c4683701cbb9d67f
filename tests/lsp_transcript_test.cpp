// Transcript tests (clangd's lit tests): each fixtures/lsp/NAME.jsonrpc holds client messages
// separated by '---' lines; the server (synchronous, serverInfo.version "test") must answer with
// exactly fixtures/lsp/NAME.expected. LINT_UPDATE_SNAPSHOTS=1 rewrites the .expected files.

#include "lsp/server.h"
#include "lsp/transport.h"
#include "tests/test_files.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace {

using lint::test::read_file;

std::string replay(const std::string& transcript)
{
  std::istringstream in(transcript);
  std::ostringstream out;
  lint::lsp::DelimitedTransport transport(in, out);
  lint::lsp::ServerOptions options;
  options.scheduling = lint::lsp::Scheduler::Mode::synchronous;
  options.version = "test";
  lint::lsp::Server server(std::move(options), [&](const std::string& body) {
    // One message per line, keys sorted (nlohmann's default), so diffs are readable.
    transport.write(lint::lsp::Json::parse(body).dump());
  });
  server.run(transport);
  return out.str();
}

} // namespace

TEST_CASE("lsp transcripts: fixtures/lsp/*.jsonrpc replay to their .expected output")
{
  const fs::path directory = fs::path(LINT_SOURCE_DIR) / "fixtures" / "lsp";
  std::vector<fs::path> transcripts;
  for (const auto& entry : fs::directory_iterator(directory)) {
    if (entry.path().extension() == ".jsonrpc") {
      transcripts.push_back(entry.path());
    }
  }
  std::sort(transcripts.begin(), transcripts.end());
  REQUIRE(transcripts.size() >= 3);
  const bool update = std::getenv("LINT_UPDATE_SNAPSHOTS") != nullptr;
  for (const fs::path& transcript : transcripts) {
    CAPTURE(transcript.filename().string());
    const std::string actual = replay(read_file(transcript));
    fs::path expected_path = transcript;
    expected_path.replace_extension(".expected");
    if (update) {
      std::ofstream(expected_path, std::ios::binary) << actual;
      continue;
    }
    REQUIRE_MESSAGE(fs::exists(expected_path), "missing " << expected_path << " (run with LINT_UPDATE_SNAPSHOTS=1)");
    CHECK(actual == read_file(expected_path));
  }
}
