#include "app/line_channel_service.hpp"

#include "core/conversation_rules.hpp"
#include "core/fields.hpp"

namespace baton::app {

LineChannelService::LineChannelService(store::Store& store, asio::thread_pool& pool, ClockFn clock)
    : store_(store), pool_(pool), clock_(std::move(clock)) {}

asio::awaitable<core::Result<bool>> LineChannelService::connect(const Principal& by, core::Id assistant_id,
                                                                std::string channel_secret,
                                                                std::string channel_access_token) {
  if (!core::may_manage_assistants(by.agent.role))
    co_return core::fail(core::ErrorCode::forbidden, "only admins connect LINE");
  auto credentials = core::validate_line_credentials(channel_secret, channel_access_token);
  if (!credentials) co_return tl::unexpected(credentials.error());
  auto apply = [assistant_id, credentials = std::move(*credentials),
                now = clock_()](store::WriteTxn& txn) -> core::Result<bool> {
    if (!txn.assistant(assistant_id)) return core::fail(core::ErrorCode::not_found, "no such assistant");
    txn.upsert_line_channel(core::LineChannel{assistant_id, credentials.first, credentials.second, now});
    return true;
  };
  co_return co_await commit<bool>(store_, std::move(apply));
}

asio::awaitable<core::Result<std::optional<core::LineChannel>>> LineChannelService::channel(core::Id assistant_id) {
  auto query = [assistant_id](store::ReadTxn& txn) -> std::optional<std::optional<core::LineChannel>> {
    if (!txn.assistant(assistant_id)) return std::nullopt;
    return txn.line_channel(assistant_id);
  };
  auto found = co_await read(store_, pool_, std::move(query));
  if (!found) co_return core::fail(core::ErrorCode::not_found, "no such assistant");
  co_return std::move(*found);
}

asio::awaitable<core::Result<core::LineQuota>> LineChannelService::quota(core::Id assistant_id) {
  struct Account {
    std::optional<core::LineChannel> channel;
    std::int64_t baton_pushes = 0;
  };
  auto query = [assistant_id, month = core::quota_month(clock_())](store::ReadTxn& txn) -> std::optional<Account> {
    if (!txn.assistant(assistant_id)) return std::nullopt;
    return Account{txn.line_channel(assistant_id), txn.line_pushes(assistant_id, month)};
  };
  auto account = co_await read(store_, pool_, std::move(query));
  if (!account) co_return core::fail(core::ErrorCode::not_found, "no such assistant");
  if (!account->channel)
    co_return core::fail(core::ErrorCode::invalid_state, "this assistant is not connected to LINE");
  if (!quota_reader_) co_return core::fail(core::ErrorCode::unavailable, "LINE's quota cannot be read here");
  // LINE's answer takes a network round trip: on the blocking pool, never an io thread.
  auto fetch = [reader = quota_reader_, token = account->channel->channel_access_token]() { return reader(token); };
  auto quota = co_await offload(pool_, std::move(fetch));
  if (quota) quota->baton_pushes = account->baton_pushes;
  co_return quota;
}

}  // namespace baton::app
