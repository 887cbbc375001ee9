#include "support/loopback_server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <memory>

namespace baton::testing {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

LoopbackServer::LoopbackServer(Answer answer) {
  auto acceptor = std::make_shared<tcp::acceptor>(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  port_ = acceptor->local_endpoint().port();
  auto loop = [acceptor, answer = std::move(answer)]() -> asio::awaitable<void> {
    for (;;) {
      auto [error, socket] = co_await acceptor->async_accept(asio::as_tuple(asio::use_awaitable));
      if (error) co_return;
      auto connection = answer(std::move(socket));  // named: g++ 12 mishandles temporaries in co_await
      asio::co_spawn(acceptor->get_executor(), std::move(connection), asio::detached);
    }
  };
  asio::co_spawn(io_, loop, asio::detached);
  thread_ = std::thread([this] { io_.run(); });
}

LoopbackServer::~LoopbackServer() {
  io_.stop();
  thread_.join();
}

}  // namespace baton::testing
