#include "bus/redis/redis_bus.hpp"

#include <spdlog/spdlog.h>

#include "bus/envelope.hpp"

namespace baton::bus::redis {

RedisBus::RedisBus(const RedisUrl& url, std::string node_id)
    : node_id_(std::move(node_id)),
      work_(io_.get_executor()),
      commands_(io_, url),
      subscriber_(
          io_, url, kChannel, [this](std::string_view bytes) { receive(bytes); },
          [this] {
            if (on_resubscribed_) on_resubscribed_();
          }) {}

RedisBus::~RedisBus() {
  io_.stop();
  if (thread_.joinable()) thread_.join();
}

void RedisBus::start() {
  commands_.start();
  subscriber_.start();
  // A handler that throws is logged; the bus thread goes on (it carries every node's events).
  thread_ = std::thread([this] {
    for (;;) {
      try {
        io_.run();
        return;
      } catch (const std::exception& error) {
        spdlog::error("event=bus_thread_error error=\"{}\"", error.what());
      }
    }
  });
}

void RedisBus::publish(const Event& event) {
  if (exit_before_publish_ && event.type == "message.created" && event.reach == Reach::cluster) std::_Exit(75);
  if (event.reach != Reach::others) {
    if (!tracker_.admit(event)) return;
    local_->publish(event);
  }
  if (event.reach != Reach::node) commands_.send({"PUBLISH", kChannel, encode_envelope(node_id_, event)});
}

Subscription RedisBus::subscribe(const std::string& topic, Handler handler) {
  return local_->subscribe(topic, std::move(handler));
}

void RedisBus::receive(std::string_view bytes) {
  auto envelope = decode_envelope(bytes);
  if (!envelope) {
    spdlog::warn("event=bus_message_malformed bytes={}", bytes.size());
    return;
  }
  if (envelope->node == node_id_) return;  // delivered here when it was published
  if (!tracker_.admit(envelope->event)) return;
  local_->publish(envelope->event);
}

}  // namespace baton::bus::redis
