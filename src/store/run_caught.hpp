// The store's own threads call code they do not own (a job's after-commit actions, its
// `done`): whatever that code throws is logged here, so the thread, and the process, go on.
#pragma once

#include <spdlog/spdlog.h>

#include <exception>

namespace baton::store {

template <class Call>
void run_caught(Call&& call, const char* what) noexcept {
  try {
    call();
  } catch (const std::exception& error) {
    spdlog::error("event=write_callback_failed stage={} error=\"{}\"", what, error.what());
  } catch (...) {
    spdlog::error("event=write_callback_failed stage={} error=unknown", what);
  }
}

}  // namespace baton::store
