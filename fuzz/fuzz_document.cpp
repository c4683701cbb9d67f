// libFuzzer target: the YAML and JSON readers (parsers/). Both parsers see every input, whatever
// sniff_format() would pick, so the JSON reader also meets YAML-looking bytes and vice versa.
#include "parsers/node.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace {

// Walks the tree so that every node and range the parser produced is touched (ASan sees a
// dangling pointer here, not in some later rule).
std::size_t visit(const lint::Node* node, const lint::SourceFile& file, int depth)
{
  if (node == nullptr || depth > 10'000) {
    return 0;
  }
  std::size_t count = 1;
  (void)file.byte_position(node->range.begin);
  (void)file.byte_position(node->range.end);
  for (const lint::Node* item : node->items) {
    count += visit(item, file, depth + 1);
  }
  for (const lint::MappingEntry& entry : node->entries) {
    (void)file.byte_position(entry.key_range.begin);
    count += visit(entry.value, file, depth + 1);
  }
  (void)node->intrinsic();
  return count;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto file = std::make_shared<const lint::SourceFile>("fuzz.yaml", text);
  for (auto parse : {&lint::parse_yaml, &lint::parse_json}) {
    const lint::ParsedDocument document = parse(file, lint::ParseLimits{});
    visit(document.root, *file, 0);
    for (const lint::SyntaxProblem& problem : document.problems) {
      (void)file->byte_position(problem.range.begin);
      (void)file->byte_position(problem.related.begin);
    }
  }
  return 0;
}
