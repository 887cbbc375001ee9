// What a channel whose customers have no socket on this server (LINE; e-mail later) does with
// the outgoing side of a conversation. The conversation steps call it, the channel implements
// it (main wires them), so the conversation logic names no channel.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <utility>
#include <vector>

#include "core/types.hpp"
#include "store/store.hpp"

namespace baton::app {

class ChannelDelivery {
 public:
  virtual ~ChannelDelivery() = default;
  // Inside the write job that stored `message`: pass it on to the customer when they should see
  // it, in the same transaction (so a crash loses nothing); may set `message.delivery`.
  virtual void on_stored(store::WriteTxn& txn, const core::Conversation& conversation, core::Message& message) = 0;
  // The agent holding this live conversation is typing: the channel's nearest signal, if any.
  virtual boost::asio::awaitable<void> on_agent_typing(const core::Conversation& conversation) = 0;
};

// The deliveries by channel, filled once at start-up, read-only afterwards.
class ChannelDeliveries {
 public:
  void add(core::Channel channel, ChannelDelivery& delivery) { deliveries_.emplace_back(channel, &delivery); }
  // Null for a channel whose customers are all on sockets (the web widget).
  ChannelDelivery* of(core::Channel channel) const {
    for (const auto& [known, delivery] : deliveries_) {
      if (known == channel) return delivery;
    }
    return nullptr;
  }
  // A follow-up for customers who do have a socket but may have left it (a web visitor's
  // e-mail, team operations §4.12): told of every stored message like a delivery, without
  // making the channel count as socketless.
  void add_followup(core::Channel channel, ChannelDelivery& followup) { followups_.emplace_back(channel, &followup); }
  ChannelDelivery* followup_of(core::Channel channel) const {
    for (const auto& [known, followup] : followups_) {
      if (known == channel) return followup;
    }
    return nullptr;
  }

 private:
  std::vector<std::pair<core::Channel, ChannelDelivery*>> deliveries_;
  std::vector<std::pair<core::Channel, ChannelDelivery*>> followups_;
};

}  // namespace baton::app
