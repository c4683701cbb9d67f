// libFuzzer target: the HCL parser (tree-sitter, parsers/hcl/) and the Terraform frontend
// (analyzer/terraform/: module indexing, the symbolic expression evaluator, resource facets), on
// one in-memory file. The input never touches the disk.
#include "analyzer/terraform/frontend.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  std::string text(reinterpret_cast<const char*>(data), size);
  const auto model = lint::terraform::build_model_from_text("/fuzz/main.tf", std::move(text));
  return model == nullptr ? 0 : 0;
}
