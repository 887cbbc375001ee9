// Connecting an assistant to a LINE Official Account: admins store the channel credentials;
// the webhook reads the secret to check signatures. The credentials never leave the server.
#pragma once

#include <optional>
#include <string>

#include "app/async.hpp"
#include "app/auth_service.hpp"

namespace baton::app {

class LineChannelService {
 public:
  LineChannelService(store::Store& store, asio::thread_pool& pool, ClockFn clock);

  asio::awaitable<core::Result<bool>> connect(const Principal& by, core::Id assistant_id, std::string channel_secret,
                                              std::string channel_access_token);
  // The assistant's channel, if it has one (404 for an unknown assistant).
  asio::awaitable<core::Result<std::optional<core::LineChannel>>> channel(core::Id assistant_id);

 private:
  store::Store& store_;
  asio::thread_pool& pool_;
  ClockFn clock_;
};

}  // namespace baton::app
