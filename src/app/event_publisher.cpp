#include "app/event_publisher.hpp"

#include "app/wire_format.hpp"
#include "core/names.hpp"
#include "core/time.hpp"

namespace baton::app {

void EventPublisher::message_created(const core::Message& message) {
  auto frame = event_frame("message.created", "message", to_json(message));
  bus::Event event{bus::topics::agents(), "message.created", frame, message.conversation_id, message.seq, 0, reach_};
  bus_.publish(event);
  event.topic = bus::topics::conversation(message.conversation_id);
  event.payload = event_frame("message.created", "message", to_customer_json(message));
  bus_.publish(event);
}

void EventPublisher::message_updated(const core::Message& message) {
  bus_.publish({bus::topics::agents(), "message.updated", event_frame("message.updated", "message", to_json(message)),
                message.conversation_id, 0, 0, reach_});
}

void EventPublisher::conversation_updated(const core::Conversation& conversation) {
  auto frame = event_frame("conversation.updated", "conversation", to_json(conversation));
  bus::Event event{
      bus::topics::agents(), "conversation.updated", frame, conversation.id, 0, conversation.version, reach_};
  bus_.publish(event);
  event.topic = bus::topics::conversation(conversation.id);
  event.payload = event_frame("conversation.updated", "conversation", to_customer_json(conversation));
  bus_.publish(event);
}

void EventPublisher::note_created(const core::Note& note) {
  bus_.publish({bus::topics::agents(), "note.created", event_frame("note.created", "note", to_json(note)),
                note.conversation_id, 0, 0, reach_});
}

void EventPublisher::csat_submitted(const core::CsatSurvey& survey) {
  boost::json::object body{{"type", "csat.submitted"}};
  const auto fields = to_json(survey);
  for (const auto& field : fields) body.insert(field);
  bus_.publish(
      {bus::topics::agents(), "csat.submitted", event_frame(std::move(body)), survey.conversation_id, 0, 0, reach_});
}

void EventPublisher::mention_created(const core::Mention& mention, const core::Conversation& conversation) {
  boost::json::object body{{"type", "mention.created"},
                           {"mention", to_json(mention)},
                           {"note", to_json(mention.note)},
                           {"conversation", to_json(conversation)}};
  bus_.publish({bus::topics::agent(mention.agent_id), "mention.created", event_frame(std::move(body)), conversation.id,
                0, 0, reach_});
}

void EventPublisher::handoff_requested(const core::Conversation& conversation) {
  bus::Event event{bus::topics::agents(),
                   "handoff.requested",
                   event_frame("handoff.requested", "conversation", to_json(conversation)),
                   conversation.id,
                   0,
                   conversation.version,
                   reach_};
  event.assistant_id = conversation.assistant_id;
  bus_.publish(event);
}

void EventPublisher::typing(const core::Id& conversation_id, core::Sender sender,
                            const std::optional<std::string>& agent_name) {
  boost::json::object body{{"type", "typing"}, {"conversation_id", conversation_id}, {"sender", core::name_of(sender)}};
  if (agent_name) body["agent_name"] = *agent_name;
  const auto topic = sender == core::Sender::agent ? bus::topics::conversation(conversation_id) : bus::topics::agents();
  bus_.publish({topic, "typing", event_frame(std::move(body)), conversation_id, 0, 0, reach_});
}

void EventPublisher::ai_draft(const core::Id& conversation_id, std::string_view added, std::size_t offset) {
  bus_.publish({bus::topics::conversation(conversation_id), "message.draft",
                event_frame(boost::json::object{{"type", "message.draft"},
                                                {"conversation_id", conversation_id},
                                                {"sender", "ai"},
                                                {"delta", added},
                                                {"offset", offset}}),
                conversation_id, 0, 0, reach_});
}

void EventPublisher::agents_online(const core::Id& assistant_id, int count) {
  // Every node computes the count from the same shared presence and tells its own sockets.
  auto frame = event_frame(
      boost::json::object{{"type", "presence.updated"}, {"assistant_id", assistant_id}, {"agents_online", count}});
  bus_.publish({bus::topics::presence(assistant_id), "presence.updated", frame, {}, 0, 0, bus::Reach::node});
  bus_.publish({bus::topics::agents(), "presence.updated", frame, {}, 0, 0, bus::Reach::node});
}

void EventPublisher::conversation_assigned(const core::Conversation& conversation, const core::Id& agent_id,
                                           const std::optional<core::Id>& previous_agent_id, core::AssignedBy by,
                                           const std::optional<std::string>& note) {
  boost::json::object body{{"type", "conversation.assigned"},
                           {"conversation", to_json(conversation)},
                           {"agent_id", agent_id},
                           {"previous_agent_id", previous_agent_id ? boost::json::value(*previous_agent_id) : nullptr},
                           {"by", core::name_of(by)}};
  if (note) body["note"] = *note;
  bus_.publish({bus::topics::agent(agent_id), "conversation.assigned", event_frame(std::move(body)), conversation.id, 0,
                conversation.version, reach_});
}

void EventPublisher::queue_position(const core::Id& conversation_id, int position) {
  // The estimate is for later (team operations §4.3): null, never a made-up number.
  bus_.publish({bus::topics::conversation(conversation_id), "queue.updated",
                queue_position_frame(conversation_id, position), conversation_id, 0, 0, bus::Reach::node});
}

void EventPublisher::queue_summary(const core::Id& assistant_id, int waiting,
                                   const std::optional<core::TimePoint>& oldest) {
  bus_.publish({bus::topics::agents(),
                "queue.updated",
                event_frame(boost::json::object{
                    {"type", "queue.updated"},
                    {"assistant_id", assistant_id},
                    {"waiting", waiting},
                    {"oldest_waiting_since", oldest ? boost::json::value(core::format_time(*oldest)) : nullptr}}),
                {},
                0,
                0,
                bus::Reach::node});
}

void EventPublisher::session_ended(const std::string& token_hash) {
  static const auto kPayload = std::make_shared<const std::string>(R"({"type":"session.ended"})");
  bus_.publish(bus::Event{bus::topics::session(token_hash), "session.ended", kPayload, {}, 0, 0, reach_});
}

}  // namespace baton::app
