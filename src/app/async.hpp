// Bridges from network coroutines to the parts that may block: store writes are awaited until
// their group commits; reads, the AI and password hashing run on the blocking pool.
#pragma once

#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <memory>
#include <optional>
#include <type_traits>
#include <vector>

#include "core/error.hpp"
#include "store/store.hpp"

namespace baton::app {

namespace asio = boost::asio;

// g++ 12 destroys some temporaries of a co_await expression twice: capturing lambdas and
// braced aggregates (and std::function made from a lambda). So these helpers are plain functions
// returning awaitables, and callers name such values first: `auto apply = [..]{..};
// co_await commit<T>(store_, std::move(apply));` (see docs/development.md).

// Runs `apply` inside the store's next group transaction and resumes once it is durable.
// An error result from `apply` undoes its writes; a failed commit answers `unavailable`.
// `locks` declares the rows apply locks (see store::LockKey): a job that declares them may be
// committed together with others.
template <class T, class Apply>
asio::awaitable<core::Result<T>> commit(store::Store& store, Apply apply, std::vector<store::LockKey> locks) {
  return asio::async_initiate<const asio::use_awaitable_t<>&, void(core::Result<T>)>(
      [&store](auto handler, Apply apply, std::vector<store::LockKey> locks) {
        auto result = std::make_shared<std::optional<core::Result<T>>>();
        auto shared_handler = std::make_shared<decltype(handler)>(std::move(handler));
        store.submit(store::WriteJob{[result, apply = std::move(apply)](store::WriteTxn& txn) mutable {
                                       *result = apply(txn);
                                       return result->value().has_value();
                                     },
                                     [result, shared_handler](bool durable) {
                                       core::Result<T> outcome =
                                           core::fail(core::ErrorCode::unavailable, "the write could not be stored");
                                       if (result->has_value() && (durable || !result->value().has_value()))
                                         outcome = std::move(**result);
                                       auto executor = asio::get_associated_executor(*shared_handler);
                                       asio::post(executor, [shared_handler, outcome = std::move(outcome)]() mutable {
                                         std::move (*shared_handler)(std::move(outcome));
                                       });
                                     },
                                     std::move(locks)});
      },
      asio::use_awaitable, std::move(apply), std::move(locks));
}

template <class T, class Apply>
asio::awaitable<core::Result<T>> commit(store::Store& store, Apply apply) {
  return commit<T>(store, std::move(apply), std::vector<store::LockKey>{});
}

// Runs `work` on the blocking pool (or one of its strands) and resumes on the caller's executor with its result
// (or its exception). The result type must be default-constructible.
template <class Executor, class Work>
auto offload(Executor&& executor, Work work) -> asio::awaitable<std::invoke_result_t<Work&>> {
  using Value = std::invoke_result_t<Work&>;
  return asio::async_initiate<const asio::use_awaitable_t<>&, void(std::exception_ptr, Value)>(
      [&executor](auto handler, Work work) {
        asio::post(executor, [handler = std::move(handler), work = std::move(work)]() mutable {
          std::exception_ptr error;
          Value value{};
          try {
            value = work();
          } catch (...) {
            error = std::current_exception();
          }
          auto executor = asio::get_associated_executor(handler);
          asio::post(executor, [handler = std::move(handler), error, value = std::move(value)]() mutable {
            std::move(handler)(error, std::move(value));
          });
        });
      },
      asio::use_awaitable, std::move(work));
}

// A read snapshot taken on the blocking pool.
template <class Read>
auto read(store::Store& store, asio::thread_pool& pool, Read read_fn)
    -> asio::awaitable<std::invoke_result_t<Read&, store::ReadTxn&>> {
  return offload(pool, [&store, read_fn = std::move(read_fn)]() mutable {
    auto txn = store.begin_read();
    return read_fn(*txn);
  });
}

}  // namespace baton::app
