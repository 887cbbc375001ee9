// Blocking writes, for callers that are not on the network threads (the command line, start-up,
// the LINE worker's threads, tests): submit a job and wait until it is durable. Network code
// uses app::commit, which resumes a coroutine instead of blocking a thread.
#pragma once

#include <functional>
#include <future>
#include <optional>

#include "core/error.hpp"
#include "store/store.hpp"

namespace baton::store {

// Runs `apply` in the next group transaction; true once its changes are durable.
inline bool commit_and_wait(Store& store, std::function<bool(WriteTxn&)> apply) {
  std::promise<bool> committed;
  auto durable = committed.get_future();
  store.submit(WriteJob{std::move(apply), [&committed](bool stored) { committed.set_value(stored); }});
  return durable.get();
}

// The same for a step that answers a Result: an error undoes its writes and is answered as it
// is; a failed commit answers `unavailable`.
template <class T, class Apply>
core::Result<T> commit_and_wait(Store& store, Apply apply) {
  std::optional<core::Result<T>> outcome;
  const bool durable = commit_and_wait(store, [&](WriteTxn& txn) {
    outcome = apply(txn);
    return outcome->has_value();
  });
  if (!outcome || (outcome->has_value() && !durable)) {
    return core::fail(core::ErrorCode::unavailable, "the write could not be stored");
  }
  return std::move(*outcome);
}

}  // namespace baton::store
