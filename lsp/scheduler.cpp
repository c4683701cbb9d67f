#include "lsp/scheduler.h"

#include <algorithm>

namespace lint::lsp {

Scheduler::Scheduler(Mode mode) : m_mode(mode)
{
  if (m_mode == Mode::background) {
    m_worker = std::thread([this] { work(); });
  }
}

Scheduler::~Scheduler()
{
  stop();
}

void Scheduler::schedule(const std::string& key, std::chrono::milliseconds delay, std::function<void()> job)
{
  if (m_mode == Mode::synchronous) {
    job();
    return;
  }
  {
    const std::lock_guard lock(m_mutex);
    if (m_stopping) {
      return;
    }
    m_pending[key] = {std::chrono::steady_clock::now() + delay, std::move(job)};
  }
  m_wake.notify_one();
}

void Scheduler::cancel(const std::string& key)
{
  const std::lock_guard lock(m_mutex);
  m_pending.erase(key);
  if (m_pending.empty() && !m_running) {
    m_idle.notify_all();
  }
}

void Scheduler::wait_idle()
{
  std::unique_lock lock(m_mutex);
  m_idle.wait(lock, [this] { return (m_pending.empty() && !m_running) || m_stopping; });
}

void Scheduler::stop()
{
  {
    const std::lock_guard lock(m_mutex);
    m_stopping = true;
    m_pending.clear();
  }
  m_wake.notify_all();
  m_idle.notify_all();
  if (m_worker.joinable()) {
    m_worker.join();
  }
}

void Scheduler::work()
{
  std::unique_lock lock(m_mutex);
  while (!m_stopping) {
    if (m_pending.empty()) {
      m_idle.notify_all();
      m_wake.wait(lock, [this] { return m_stopping || !m_pending.empty(); });
      continue;
    }
    const auto next = std::min_element(m_pending.begin(), m_pending.end(),
                                       [](const auto& a, const auto& b) { return a.second.due < b.second.due; });
    if (std::chrono::steady_clock::now() < next->second.due) {
      // Woken early by a new job (which may be due sooner, or replace this one): look again.
      m_wake.wait_until(lock, next->second.due);
      continue;
    }
    std::function<void()> job = std::move(next->second.job);
    m_pending.erase(next);
    m_running = true;
    lock.unlock();
    try {
      job();
    } catch (...) {
      // Jobs report their own failures; nothing may take the worker down.
    }
    lock.lock();
    m_running = false;
    if (m_pending.empty()) {
      m_idle.notify_all();
    }
  }
}

} // namespace lint::lsp
