#pragma once
// Runs analyses (clangd's TUScheduler role): one worker thread, a debounce per key, and the
// newest job for a key replaces a queued one, so typing fast analyses only what the user stops
// at. Synchronous mode runs every job inline at once (no thread, no debounce): the protocol tests
// and transcripts are deterministic with it.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace lint::lsp {

class Scheduler {
public:
  enum class Mode { synchronous, background };

  explicit Scheduler(Mode mode);
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  Mode mode() const { return m_mode; }

  /// Runs `job` once `delay` has passed without another job for `key` being scheduled.
  void schedule(const std::string& key, std::chrono::milliseconds delay, std::function<void()> job);
  /// Drops a queued job (a running one finishes; its results are checked for staleness).
  void cancel(const std::string& key);
  /// Blocks until no job is queued or running.
  void wait_idle();
  /// Finishes the running job, drops queued ones and joins the worker. Idempotent.
  void stop();

private:
  struct Pending {
    std::chrono::steady_clock::time_point due;
    std::function<void()> job;
  };

  void work();

  Mode m_mode;
  std::mutex m_mutex;
  std::condition_variable m_wake;
  std::condition_variable m_idle;
  std::map<std::string, Pending> m_pending;
  bool m_running = false;
  bool m_stopping = false;
  std::thread m_worker;
};

} // namespace lint::lsp
