#include "support/thread_pool.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>
#include <vector>

namespace lint {

unsigned worker_count(unsigned requested, std::size_t units)
{
  const unsigned wanted = requested != 0 ? requested : std::max(1u, std::thread::hardware_concurrency());
  return static_cast<unsigned>(std::min<std::size_t>(wanted, std::max<std::size_t>(units, 1)));
}

void run_parallel(std::size_t count, unsigned jobs, const std::function<void(std::size_t)>& task,
                  const std::function<void(std::size_t, std::string_view)>& on_error)
{
  std::atomic<std::size_t> next{0};
  auto work = [&]() noexcept {
    for (std::size_t i = next++; i < count; i = next++) {
      try {
        task(i);
      } catch (const std::exception& error) {
        try {
          on_error(i, error.what());
        } catch (...) { // NOLINT(bugprone-empty-catch): reporting failed (out of memory); the unit stays failed
        }
      } catch (...) {
        try {
          on_error(i, "unknown exception");
        } catch (...) { // NOLINT(bugprone-empty-catch): as above
        }
      }
    }
  };
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < jobs; ++t) {
    try {
      threads.emplace_back(work);
    } catch (...) { // NOLINT(bugprone-empty-catch): no more threads; the running ones take the rest
      break;
    }
  }
  work();
  for (std::thread& thread : threads) {
    thread.join();
  }
}

} // namespace lint
