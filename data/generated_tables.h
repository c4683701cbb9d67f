#pragma once
// Internal: tables emitted by tools/gen_data that only the hand-written lookups in data/ use.
#include <cstdint>
#include <span>

namespace lint::data::detail {

// Indices into managed_policies(), ordered by ARN (with the arn:aws: partition).
std::span<const std::uint16_t> managed_policies_by_arn();

}  // namespace lint::data::detail
