// Turns what happened into the socket events of API.md, on the right topics.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "bus/event_bus.hpp"
#include "core/types.hpp"

namespace baton::app {

class EventPublisher {
 public:
  // `reach`: node for what a node replays to its own sockets (the catch-up sweep).
  explicit EventPublisher(bus::EventBus& bus, bus::Reach reach = bus::Reach::cluster) : bus_(bus), reach_(reach) {}

  void message_created(const core::Message& message);
  // For agents: a message changed after it was created (its delivery to LINE, its attachment).
  void message_updated(const core::Message& message);
  void conversation_updated(const core::Conversation& conversation);
  // Internal notes: to every console, and to the agent a note names (their sound and inbox).
  // Never on a conversation's topic, which the customer's widget hears.
  void note_created(const core::Note& note);
  void mention_created(const core::Mention& mention, const core::Conversation& conversation);
  // A customer's rating (team operations §4.8): every console.
  void csat_submitted(const core::CsatSurvey& survey);
  // The popup: agent sockets deliver it only to agents who are available.
  void handoff_requested(const core::Conversation& conversation);
  // "Typing…": an agent's goes to the customer's socket, a customer's to the agents.
  void typing(const core::Id& conversation_id, core::Sender sender, const std::optional<std::string>& agent_name);
  // The AI's answer while it is being written (streaming LLM): only the text added since the
  // last draft, after `offset` characters; the customer's widget appends it and shows the draft
  // until the finished message arrives.
  void ai_draft(const core::Id& conversation_id, std::string_view added, std::size_t offset);
  // What an assistant's customers are told of the agents on duty (widgets of that assistant),
  // and the console's copy.
  void agents_online(const core::Id& assistant_id, int count);
  // Routing: the conversation now held by `agent_id` (that agent's sockets only: the sound and
  // popup); everyone else hears conversation.updated.
  void conversation_assigned(const core::Conversation& conversation, const core::Id& agent_id,
                             const std::optional<core::Id>& previous_agent_id, core::AssignedBy by,
                             const std::optional<std::string>& note);
  // A waiting customer's place in the queue, to this node's own sockets (see QueueWatch).
  void queue_position(const core::Id& conversation_id, int position);
  // The console's view of an assistant's queue: how many wait, since when (this node's agents).
  void queue_summary(const core::Id& assistant_id, int waiting, const std::optional<core::TimePoint>& oldest);
  // A console session ended (logout, password change, disabled user, expiry): its sockets close.
  void session_ended(const std::string& token_hash);

 private:
  bus::EventBus& bus_;
  bus::Reach reach_;
};

}  // namespace baton::app
