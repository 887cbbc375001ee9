#include "app/event_log.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "app/ids.hpp"
#include "app/webhook_outbox.hpp"
#include "core/business_hours.hpp"
#include "core/names.hpp"

namespace baton::app {
namespace {

namespace json = boost::json;
using core::LogEventType;

// Whether an episode is running after `last`: its latest event belongs to one (events outside
// episodes have none) that Done has not closed.
bool episode_open(const std::optional<core::ConversationEvent>& last) {
  if (!last || last->episode_id.empty()) return false;
  // A survey is asked for in the Done that closed its episode.
  return last->type != LogEventType::done && last->type != LogEventType::abandoned &&
         last->type != LogEventType::csat_requested;
}

// Whether `event`, coming after `last`, opens a new episode.
bool opens_episode(const core::LogEvent& event, const std::optional<core::ConversationEvent>& last) {
  switch (event.type) {
    case LogEventType::handoff_requested:
    case LogEventType::reactivated:
      return true;
    case LogEventType::assigned:  // an agent joining on their own, with no request before
    case LogEventType::offline_message:
    case LogEventType::agent_message_first:
    case LogEventType::done:
    case LogEventType::transferred:
    case LogEventType::requeued:
      return !episode_open(last);
    case LogEventType::abandoned:
      return !episode_open(last);
    case LogEventType::labels_changed:  // never open one (see EventLog::record)
    case LogEventType::csat_requested:
    case LogEventType::csat_submitted:
      return false;
  }
  return true;
}

std::int64_t milliseconds_between(core::TimePoint from, core::TimePoint to) { return (to - from).count(); }

const core::ConversationEvent* first_of(const std::vector<core::ConversationEvent>& events, LogEventType type) {
  for (const auto& event : events) {
    if (event.type == type) return &event;
  }
  return nullptr;
}

// Where the duration `type` ends starts, from the episode's earlier events: the wait of a live
// request until its first assignment, the handling from the first assignment until Done, the
// first response from the episode's start.
std::optional<core::TimePoint> start_of(LogEventType type, const std::vector<core::ConversationEvent>& episode) {
  if (episode.empty()) return std::nullopt;
  switch (type) {
    case LogEventType::assigned: {
      const auto& start = episode.front();
      if (start.type != LogEventType::handoff_requested || first_of(episode, LogEventType::assigned)) {
        return std::nullopt;  // not a request, or a later assignment (transfers do not restart it)
      }
      if (first_of(episode, LogEventType::offline_message)) return std::nullopt;  // live requests only
      return start.at;
    }
    case LogEventType::done: {
      const auto* assigned = first_of(episode, LogEventType::assigned);
      if (!assigned) return std::nullopt;
      return assigned->at;
    }
    case LogEventType::agent_message_first:
      return episode.front().at;
    case LogEventType::handoff_requested:
    case LogEventType::offline_message:
    case LogEventType::reactivated:
    case LogEventType::transferred:
    case LogEventType::requeued:
    case LogEventType::labels_changed:
    case LogEventType::abandoned:
    case LogEventType::csat_requested:
    case LogEventType::csat_submitted:
      return std::nullopt;
  }
  return std::nullopt;
}

// The event's durations: on the wall clock, and within the assistant's business hours (the same
// when it has none).
void measure(core::ConversationEvent& event, const std::vector<core::ConversationEvent>& episode,
             const core::BusinessHours& hours) {
  const auto start = start_of(event.type, episode);
  if (!start) return;
  event.duration_ms = milliseconds_between(*start, event.at);
  event.business_duration_ms = core::business_duration(hours, *start, event.at).count();
}

// When the agent was last given the conversation in this episode (an assignment naming them).
std::optional<core::TimePoint> given_at(const std::vector<core::ConversationEvent>& episode,
                                        const std::optional<core::Id>& agent_id) {
  if (!agent_id) return std::nullopt;
  for (auto event = episode.rbegin(); event != episode.rend(); ++event) {
    if (event->type != LogEventType::assigned) continue;
    boost::system::error_code error;
    const auto data = json::parse(event->data, error);
    const auto* assigned = !error && data.is_object() ? data.as_object().if_contains("agent_id") : nullptr;
    if (assigned && assigned->is_string() && assigned->as_string() == *agent_id) return event->at;
  }
  return std::nullopt;
}

json::object data_of(const core::LogEvent& event, const core::Conversation& conversation) {
  json::object data;
  if (event.agent_id && event.type != LogEventType::transferred) data["agent_id"] = *event.agent_id;
  switch (event.type) {
    case LogEventType::handoff_requested:
      data["reason"] = core::name_of(conversation.handoff_reason);
      data["offline_request"] = conversation.offline_request;
      data["channel"] = core::name_of(conversation.channel);
      break;
    case LogEventType::assigned:
      data["by"] = core::name_of(event.by);
      if (event.from_agent_id) data["previous_agent_id"] = *event.from_agent_id;
      break;
    case LogEventType::transferred:
      data["from_agent_id"] = event.from_agent_id ? json::value(*event.from_agent_id) : json::value(nullptr);
      data["to_agent_id"] = event.agent_id ? json::value(*event.agent_id) : json::value(nullptr);
      // The note itself is kept as a Note (agents only); the log names it, never its text.
      if (event.note_id) data["note_id"] = *event.note_id;
      break;
    case LogEventType::labels_changed: {
      json::array labels;
      for (const auto& label : event.labels) labels.emplace_back(label);
      data["labels"] = std::move(labels);
      break;
    }
    case LogEventType::requeued:
      data["reason"] = event.reason;
      if (event.from_agent_id) data["agent_id"] = *event.from_agent_id;
      break;
    case LogEventType::abandoned:
      data["reason"] = event.reason;
      break;
    case LogEventType::csat_requested:
    case LogEventType::csat_submitted:
      if (event.survey_id) data["survey_id"] = *event.survey_id;
      if (event.type == LogEventType::csat_submitted) {
        data["score"] = event.score;
        if (event.rated_episode_id) data["rated_episode_id"] = *event.rated_episode_id;
      }
      break;
    case LogEventType::offline_message:
    case LogEventType::agent_message_first:
    case LogEventType::done:
    case LogEventType::reactivated:
      break;
  }
  return data;
}

// A new event of the conversation whose latest event is `last`: its id and the next seq.
core::ConversationEvent next_event(const core::Id& conversation_id,
                                   const std::optional<core::ConversationEvent>& last) {
  core::ConversationEvent next;
  next.id = new_id("evt");
  next.conversation_id = conversation_id;
  next.seq = last ? last->seq + 1 : 1;
  return next;
}

}  // namespace

void EventLog::record(store::WriteTxn& txn, const core::Conversation& conversation, const core::LogEvent& event,
                      const core::BusinessHours& hours) const {
  const auto last = txn.last_conversation_event(conversation.id);
  auto stored = next_event(conversation.id, last);
  if (event.type == LogEventType::labels_changed || event.type == LogEventType::csat_submitted) {
    // Sorting a conversation or rating an earlier episode is no part of handling it: it joins a
    // running episode, if any.
    stored.episode_id = episode_open(last) ? last->episode_id : "";
  } else {
    stored.episode_id = opens_episode(event, last) ? new_id("ep") : last->episode_id;
  }
  stored.type = event.type;
  stored.at = clock_();
  stored.actor = event.actor;
  stored.actor_id = event.actor_id;
  stored.data = json::serialize(data_of(event, conversation));
  // An episode opened by this event has nothing before it to measure from.
  if (last && !stored.episode_id.empty() && stored.episode_id == last->episode_id) {
    measure(stored, txn.episode_events(conversation.id, stored.episode_id), hours);
  }
  append(txn, conversation, stored);
  if (observer_) {
    CommittedEvent committed;
    committed.type = event.type;
    committed.channel = conversation.channel;
    committed.handoff_reason = conversation.handoff_reason;
    committed.offline_request = conversation.offline_request;
    committed.by = event.by;
    committed.reason = event.reason;
    committed.to_queue = event.type == LogEventType::transferred && !event.agent_id;
    committed.duration_ms = stored.duration_ms;
    committed.score = event.score;
    tell_after_commit(txn, std::move(committed));
  }
}

void EventLog::tell_after_commit(store::WriteTxn& txn, CommittedEvent event) const {
  txn.after_commit([observer = &observer_, event = std::move(event)] { (*observer)(event); });
}

void EventLog::agent_message(store::WriteTxn& txn, const core::Conversation& conversation,
                             const core::Message& message) const {
  const auto last = txn.last_conversation_event(conversation.id);
  if (!episode_open(last)) return;  // no episode open (a message after Done)
  const auto episode = txn.episode_events(conversation.id, last->episode_id);
  // Each agent's first answer of the episode: the episode's first response, and after a transfer
  // the new agent's own (team operations §4.4), measured from when they were given it.
  const auto by_this_agent = [&](const core::ConversationEvent& event) {
    return event.type == LogEventType::agent_message_first && event.actor_id == message.agent_id;
  };
  if (std::any_of(episode.begin(), episode.end(), by_this_agent)) return;
  const bool episode_answered = first_of(episode, LogEventType::agent_message_first) != nullptr;
  auto stored = next_event(conversation.id, last);
  stored.episode_id = last->episode_id;
  stored.type = LogEventType::agent_message_first;
  stored.at = message.created_at;
  stored.actor = core::ActorType::agent;
  stored.actor_id = message.agent_id;
  json::object data;
  if (message.agent_id) data["agent_id"] = *message.agent_id;
  data["message_id"] = message.id;
  data["first_of_episode"] = !episode_answered;
  stored.data = json::serialize(data);
  if (auto assistant = txn.assistant(conversation.assistant_id)) {
    if (!episode_answered) {
      measure(stored, episode, assistant->business_hours);
    } else if (const auto given = given_at(episode, message.agent_id)) {
      stored.duration_ms = milliseconds_between(*given, stored.at);
      stored.business_duration_ms = core::business_duration(assistant->business_hours, *given, stored.at).count();
    }
  }
  append(txn, conversation, stored);
  if (observer_) {
    CommittedEvent committed;
    committed.type = LogEventType::agent_message_first;
    committed.channel = conversation.channel;
    committed.first_of_episode = !episode_answered;
    committed.duration_ms = stored.duration_ms;
    tell_after_commit(txn, std::move(committed));
  }
}

void EventLog::append(store::WriteTxn& txn, const core::Conversation& conversation,
                      const core::ConversationEvent& event) const {
  txn.append_conversation_event(event);
  if (webhooks_) webhooks_->event_recorded(txn, conversation, event);
}

}  // namespace baton::app
