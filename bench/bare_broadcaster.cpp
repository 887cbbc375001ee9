// `baton-bench-broadcaster`: the baseline of the broadcast row. A bare Beast WebSocket server
// that does what Baton does to deliver one event to every socket, and nothing else: each
// connection on its own strand with a queue of shared frames written one at a time, the event
// posted to every strand. Any text frame a client sends is delivered to every connection.
// Prints "listening on PORT" and runs until its standard input closes.
#include <sys/prctl.h>
#include <sys/resource.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket.hpp>
#include <csignal>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using asio::ip::tcp;

namespace {

class Connection;
std::mutex connections_mutex;
std::vector<std::weak_ptr<Connection>> connections;

void broadcast(const std::shared_ptr<const std::string>& frame);

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  explicit Connection(tcp::socket socket) : ws_(std::move(socket)) {}

  void start() {
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws_.async_accept([self = shared_from_this()](beast::error_code error) {
      if (error) return;
      {
        std::lock_guard lock(connections_mutex);
        connections.push_back(self);
      }
      self->read();
    });
  }

  void send(std::shared_ptr<const std::string> frame) {
    asio::post(ws_.get_executor(), [self = shared_from_this(), frame = std::move(frame)]() mutable {
      self->queue_.push_back(std::move(frame));
      if (self->queue_.size() == 1) self->write();
    });
  }

 private:
  void read() {
    ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code error, std::size_t) {
      if (error) return;
      broadcast(std::make_shared<const std::string>(beast::buffers_to_string(self->buffer_.data())));
      self->buffer_.consume(self->buffer_.size());
      self->read();
    });
  }

  void write() {
    ws_.text(true);
    ws_.async_write(asio::buffer(*queue_.front()), [self = shared_from_this()](beast::error_code error, std::size_t) {
      if (error) return;
      self->queue_.erase(self->queue_.begin());
      if (!self->queue_.empty()) self->write();
    });
  }

  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buffer_;
  std::vector<std::shared_ptr<const std::string>> queue_;
};

void broadcast(const std::shared_ptr<const std::string>& frame) {
  std::vector<std::shared_ptr<Connection>> alive;
  {
    std::lock_guard lock(connections_mutex);
    for (const auto& weak : connections) {
      if (auto connection = weak.lock()) alive.push_back(std::move(connection));
    }
  }
  for (const auto& connection : alive) connection->send(frame);
}

void accept(tcp::acceptor& acceptor, asio::io_context& io) {
  acceptor.async_accept(asio::make_strand(io), [&acceptor, &io](beast::error_code error, tcp::socket socket) {
    if (!error) std::make_shared<Connection>(std::move(socket))->start();
    accept(acceptor, io);
  });
}

}  // namespace

int main() {
  prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlives the bench
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);
  const int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));  // as Baton's io threads
  asio::io_context io(threads);
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  acceptor.listen(asio::socket_base::max_listen_connections);
  std::cout << "listening on " << acceptor.local_endpoint().port() << std::endl;
  accept(acceptor, io);
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back([&io] { io.run(); });
  std::string line;
  while (std::getline(std::cin, line)) {
  }
  io.stop();
  for (auto& thread : pool) thread.join();
  return 0;
}
