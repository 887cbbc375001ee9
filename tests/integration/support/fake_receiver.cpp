#include "support/fake_receiver.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace baton::testing {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;

struct FakeReceiver::State {
  mutable std::mutex mutex;
  mutable std::condition_variable arrived;
  std::deque<ReceiverAnswer> script;
  ReceiverAnswer otherwise;
  std::vector<ReceivedDelivery> received;
  int in_flight = 0;
  int most_at_once = 0;
};

namespace {

constexpr auto kAsTuple = asio::as_tuple(asio::use_awaitable);

std::string base64(const unsigned char* bytes, std::size_t size) {
  std::string encoded(4 * ((size + 2) / 3), '\0');
  encoded.resize(static_cast<std::size_t>(
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()), bytes, static_cast<int>(size))));
  return encoded;
}

asio::awaitable<void> answer(tcp::socket socket, std::shared_ptr<FakeReceiver::State> state) {
  beast::flat_buffer buffer;
  http::request<http::string_body> request;
  auto [read_error, bytes] = co_await http::async_read(socket, buffer, request, kAsTuple);
  if (read_error) co_return;
  ReceivedDelivery delivery;
  delivery.id = std::string(request["webhook-id"]);
  delivery.timestamp = std::string(request["webhook-timestamp"]);
  delivery.signature = std::string(request["webhook-signature"]);
  delivery.raw_body = request.body();
  boost::system::error_code ignored;
  if (auto parsed = json::parse(request.body(), ignored); parsed.is_object()) delivery.body = parsed.as_object();
  delivery.at = std::chrono::steady_clock::now();
  ReceiverAnswer reply;
  {
    std::lock_guard lock(state->mutex);
    state->received.push_back(std::move(delivery));
    state->most_at_once = std::max(state->most_at_once, ++state->in_flight);
    if (!state->script.empty()) {
      reply = state->script.front();
      state->script.pop_front();
    } else {
      reply = state->otherwise;
    }
  }
  state->arrived.notify_all();
  if (reply.delay.count() > 0) {
    asio::steady_timer pause(socket.get_executor());
    pause.expires_after(reply.delay);
    co_await pause.async_wait(kAsTuple);
  }
  std::string response = "HTTP/1.1 " + std::to_string(reply.status) + " Scripted\r\nContent-Length: 0\r\n";
  if (!reply.retry_after.empty()) response += "Retry-After: " + reply.retry_after + "\r\n";
  response += "Connection: close\r\n\r\n";
  {
    std::lock_guard lock(state->mutex);
    --state->in_flight;
  }
  co_await asio::async_write(socket, asio::buffer(response), kAsTuple);
  beast::error_code closed;
  socket.shutdown(tcp::socket::shutdown_both, closed);
}

}  // namespace

std::string ReceivedDelivery::type() const {
  const auto* type = body.if_contains("type");
  return type && type->is_string() ? std::string(type->as_string()) : std::string();
}

bool ReceivedDelivery::signed_with(const std::string& secret) const {
  const std::string encoded = secret.substr(secret.find('_') + 1);
  std::string key(3 * encoded.size() / 4, '\0');
  const int written =
      EVP_DecodeBlock(reinterpret_cast<unsigned char*>(key.data()),
                      reinterpret_cast<const unsigned char*>(encoded.data()), static_cast<int>(encoded.size()));
  if (written < 0) return false;
  key.resize(static_cast<std::size_t>(written) - (encoded.ends_with("==") ? 2 : encoded.ends_with('=') ? 1 : 0));
  const std::string content = id + "." + timestamp + "." + raw_body;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(content.data()),
       content.size(), digest, &length);
  return signature == "v1," + base64(digest, length);
}

FakeReceiver::FakeReceiver()
    : state_(std::make_shared<State>()),
      server_([state = state_](tcp::socket socket) { return answer(std::move(socket), state); }) {}

FakeReceiver::~FakeReceiver() = default;

void FakeReceiver::script(std::vector<ReceiverAnswer> answers, ReceiverAnswer otherwise) {
  std::lock_guard lock(state_->mutex);
  state_->script.assign(answers.begin(), answers.end());
  state_->otherwise = otherwise;
}

std::vector<ReceivedDelivery> FakeReceiver::received() const {
  std::lock_guard lock(state_->mutex);
  return state_->received;
}

int FakeReceiver::most_at_once() const {
  std::lock_guard lock(state_->mutex);
  return state_->most_at_once;
}

bool FakeReceiver::wait_for(std::size_t count, std::chrono::milliseconds limit) const {
  std::unique_lock lock(state_->mutex);
  return state_->arrived.wait_for(lock, limit, [&] { return state_->received.size() >= count; });
}

}  // namespace baton::testing
