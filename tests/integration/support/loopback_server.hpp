// The scaffolding the fakes of outside services share: a listener on 127.0.0.1 (a free port)
// with its own thread, answering each connection with a coroutine, stopped with the object.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <functional>
#include <thread>

namespace baton::testing {

class LoopbackServer {
 public:
  using Answer = std::function<boost::asio::awaitable<void>(boost::asio::ip::tcp::socket)>;

  explicit LoopbackServer(Answer answer);
  ~LoopbackServer();
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  unsigned short port() const { return port_; }

 private:
  boost::asio::io_context io_;
  unsigned short port_ = 0;
  std::thread thread_;
};

}  // namespace baton::testing
