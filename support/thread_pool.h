#pragma once
// The one thread pool: runs independent units (files, modules, accounts) on a few threads. A unit
// that throws never takes the run down: its exception is handed to `on_error` for that unit, every
// other unit still runs, and every thread is joined before the call returns.

#include <cstddef>
#include <functional>
#include <string_view>

namespace lint {

/// Threads to use for `requested` (0: one per hardware thread) and `units` units: at least 1.
unsigned worker_count(unsigned requested, std::size_t units);

/// Calls task(i) for every i in [0, count) on `jobs` threads (the calling thread is one of them);
/// units are taken in order. When task(i) throws, on_error(i, what) is called on the same thread
/// (std::bad_alloc included; what is "unknown exception" for a non-std exception). If a thread
/// cannot be started, the others (at least the caller) do its share.
void run_parallel(std::size_t count, unsigned jobs, const std::function<void(std::size_t)>& task,
                  const std::function<void(std::size_t, std::string_view)>& on_error);

} // namespace lint
