// Connecting an assistant to a LINE Official Account: admins store the channel credentials;
// the webhook reads the secret to check signatures. The credentials never leave the server.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "app/async.hpp"
#include "app/auth_service.hpp"

namespace baton::app {

// Reads an account's message quota and this month's consumption from LINE (blocking; run on
// the blocking pool). channels/line supplies it; LINE's figures only, baton_pushes left at 0.
using LineQuotaReader = std::function<core::Result<core::LineQuota>(const std::string& access_token)>;

class LineChannelService {
 public:
  LineChannelService(store::Store& store, asio::thread_pool& pool, ClockFn clock);

  asio::awaitable<core::Result<bool>> connect(const Principal& by, core::Id assistant_id, std::string channel_secret,
                                              std::string channel_access_token);
  // The assistant's channel, if it has one (404 for an unknown assistant).
  asio::awaitable<core::Result<std::optional<core::LineChannel>>> channel(core::Id assistant_id);
  // This month's quota as LINE counts it, with the pushes Baton sent. 404 for an unknown
  // assistant, 409 when it is not connected to LINE, 503 when LINE does not answer.
  asio::awaitable<core::Result<core::LineQuota>> quota(core::Id assistant_id);
  // Set before serving.
  void read_quota_with(LineQuotaReader reader) { quota_reader_ = std::move(reader); }

 private:
  store::Store& store_;
  asio::thread_pool& pool_;
  ClockFn clock_;
  LineQuotaReader quota_reader_;
};

}  // namespace baton::app
