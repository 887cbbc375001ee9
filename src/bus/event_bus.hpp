// Publish/subscribe of the events of API.md. Payloads are rendered once and shared by every
// subscriber; handlers must not block (sockets post the payload to their own strand).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>

namespace baton::bus {

// Where an event may go: to every node of a cluster; to this node's own subscribers only (what
// each node computes for itself, such as the agents-online count, or what it replays); or to
// the other nodes only (a note of what this node has already done itself, such as a reload).
enum class Reach { cluster, node, others };

struct Event {
  std::string topic;
  std::string type;                            // "message.created", "handoff.requested", ...
  std::shared_ptr<const std::string> payload;  // the JSON text frame sent to clients
  // What a node of a cluster needs to drop a copy it has already delivered and to ignore a
  // late one: the conversation, the message's seq (message.created), the conversation's
  // version (conversation.updated, handoff.requested). Zero where it does not apply.
  std::string conversation_id = {};
  std::int64_t seq = 0;
  std::int64_t version = 0;
  Reach reach = Reach::cluster;
  // The conversation's assistant, where only that assistant's members may hear it (the popup).
  std::string assistant_id = {};
};

using Handler = std::function<void(const Event&)>;

// Unsubscribes when destroyed.
class Subscription {
 public:
  Subscription() = default;
  explicit Subscription(std::function<void()> cancel) : cancel_(std::move(cancel)) {}
  Subscription(Subscription&& other) noexcept : cancel_(std::exchange(other.cancel_, nullptr)) {}
  Subscription& operator=(Subscription&& other) noexcept {
    if (this != &other) {
      reset();
      cancel_ = std::exchange(other.cancel_, nullptr);
    }
    return *this;
  }
  Subscription(const Subscription&) = delete;
  Subscription& operator=(const Subscription&) = delete;
  ~Subscription() { reset(); }

  void reset() {
    if (cancel_) std::exchange(cancel_, nullptr)();
  }

 private:
  std::function<void()> cancel_;
};

class EventBus {
 public:
  virtual ~EventBus() = default;
  virtual void publish(const Event& event) = 0;
  [[nodiscard]] virtual Subscription subscribe(const std::string& topic, Handler handler) = 0;
};

// Topic names, in one place.
namespace topics {
inline std::string agents() { return "agents"; }
inline std::string conversation(const std::string& conversation_id) { return "conversation/" + conversation_id; }
// An assistant's widgets: the count of agents on duty for its customers.
inline std::string presence(const std::string& assistant_id) { return "presence/" + assistant_id; }
// One agent's console sockets: what only that agent hears (an assignment).
inline std::string agent(const std::string& agent_id) { return "agent/" + agent_id; }
// Several nodes: an agent's or an assistant's routing settings changed; every node reloads its
// roster (who serves whom, capacities, business hours).
inline std::string roster() { return "roster"; }
// This node: "node.draining" (SIGTERM) closes every socket with 1012, so clients reconnect to
// another node.
inline std::string node() { return "node"; }
// Several nodes: an assistant's knowledge changed (the payload is its id); the others reload it.
inline std::string knowledge() { return "knowledge"; }
// Several nodes: something was queued in the LINE outbox; every node's worker looks.
inline std::string line_outbox() { return "line-outbox"; }
// Several nodes: webhook deliveries were queued; every node's worker looks.
inline std::string webhook_outbox() { return "webhook-outbox"; }
// One console session (by its token hash): "session.ended" closes its sockets.
inline std::string session(const std::string& token_hash) { return "session/" + token_hash; }
}  // namespace topics

}  // namespace baton::bus
