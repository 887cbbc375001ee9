#include "app/report_facts.hpp"

#include <boost/json.hpp>
#include <map>

#include "core/business_hours.hpp"

namespace baton::app {
namespace {

namespace json = boost::json;
using core::FactKind;
using core::LogEventType;
using core::ReportFact;
using core::TimePoint;

// The event's data as an object (an unreadable one as empty: the log is ours, but old rows
// must never stop a report).
json::object data_of(const core::ConversationEvent& event) {
  boost::system::error_code error;
  auto value = json::parse(event.data, error);
  if (error || !value.is_object()) return {};
  return std::move(value.as_object());
}

std::optional<core::Id> text_field(const json::object& data, std::string_view key) {
  const auto* value = data.if_contains(key);
  if (!value || !value->is_string()) return std::nullopt;
  return std::string(value->as_string());
}

bool bool_field(const json::object& data, std::string_view key) {
  const auto* value = data.if_contains(key);
  return value && value->is_bool() && value->as_bool();
}

int int_field(const json::object& data, std::string_view key) {
  const auto* value = data.if_contains(key);
  return value && value->is_int64() ? static_cast<int>(value->as_int64()) : 0;
}

struct EpisodeEvent {
  const core::ReportEvent* source;
  json::object data;
  const core::ConversationEvent& event() const { return source->event; }
};

// One conversation's data: its episodes' events (in seq order) and its messages.
struct ConversationData {
  std::map<core::Id, std::vector<EpisodeEvent>> episodes;
  std::vector<EpisodeEvent> outside;  // csat_submitted and other events outside episodes
  std::vector<const core::ReportMessage*> messages;
  std::vector<TimePoint> handoffs;
  core::Id assistant_id;
};

class FactBuilder {
 public:
  FactBuilder(TimePoint now, const HoursOf& hours_of) : now_(now), hours_of_(hours_of) {}

  void conversation(const core::Id& id, const ConversationData& data) {
    hours_ = hours_of_(data.assistant_id);
    for (const auto& [episode_id, events] : data.episodes) episode(id, events, data.messages);
    for (const auto& event : data.outside) single(id, event, std::nullopt);
    messages(id, data);
  }

  std::vector<ReportFact> take() { return std::move(facts_); }

 private:
  void add(FactKind kind, const core::ConversationEvent& at, const std::optional<core::Id>& agent, std::int64_t ms = 0,
           std::int64_t business_ms = 0) {
    add_at(kind, at.at, at.conversation_id, agent, ms, business_ms);
  }
  void add_at(FactKind kind, TimePoint at, const core::Id& conversation_id, const std::optional<core::Id>& agent,
              std::int64_t ms = 0, std::int64_t business_ms = 0) {
    if (at > now_) return;
    facts_.push_back(ReportFact{kind, at, conversation_id, agent, ms, business_ms, 0});
  }
  // A duration the log did not store, measured now with the assistant's schedule.
  void add_measured(FactKind kind, TimePoint start, TimePoint end, const core::Id& conversation_id,
                    const std::optional<core::Id>& agent) {
    if (end < start) return;
    add_at(kind, end, conversation_id, agent, (end - start).count(),
           core::business_duration(hours_, start, end).count());
  }

  // Events that stand alone: counts credited to the agent their data names.
  void single(const core::Id& conversation_id, const EpisodeEvent& item, const std::optional<core::Id>& handler) {
    const auto& event = item.event();
    const auto agent = text_field(item.data, "agent_id");
    switch (event.type) {
      case LogEventType::handoff_requested:
        add(FactKind::handoff_request, event, handler);
        if (!bool_field(item.data, "offline_request")) add(FactKind::live_request, event, handler);
        break;
      case LogEventType::offline_message:
        add(FactKind::offline_message, event, handler);
        break;
      case LogEventType::assigned:
        add(FactKind::assignment, event, agent);
        // Live requests only: an offline one waits for an answer, not in a queue.
        if (event.duration_ms && !offline_episode_) {
          add(FactKind::wait, event, agent, *event.duration_ms, business_of(event));
        }
        break;
      case LogEventType::done:
        add(FactKind::resolution, event, agent);
        if (event.duration_ms) add(FactKind::handle, event, agent, *event.duration_ms, business_of(event));
        break;
      case LogEventType::reactivated:
        add(FactKind::reopen, event, agent ? agent : event.actor_id);
        break;
      case LogEventType::transferred:
        add(FactKind::transfer, event, text_field(item.data, "from_agent_id"));
        break;
      case LogEventType::abandoned:
        add(FactKind::abandoned, event, std::nullopt);
        break;
      case LogEventType::csat_requested:
        add(FactKind::csat_requested, event, agent);
        break;
      case LogEventType::csat_submitted: {
        const int score = int_field(item.data, "score");
        if (score < 1 || score > 5) break;
        if (event.at <= now_)
          facts_.push_back(ReportFact{FactKind::csat_submitted, event.at, conversation_id, agent, 0, 0, score});
        break;
      }
      case LogEventType::agent_message_first:  // needs its episode (see episode())
      case LogEventType::requeued:
      case LogEventType::labels_changed:
        break;
    }
  }

  static std::int64_t business_of(const core::ConversationEvent& event) {
    return event.business_duration_ms.value_or(event.duration_ms.value_or(0));
  }

  void episode(const core::Id& conversation_id, const std::vector<EpisodeEvent>& events,
               const std::vector<const core::ReportMessage*>& messages) {
    // The agent who first took the episode: whose a request is, when reports are per agent.
    std::optional<core::Id> first_holder;
    const EpisodeEvent* offline = nullptr;
    for (const auto& item : events) {
      if (!first_holder && item.event().type == LogEventType::assigned)
        first_holder = text_field(item.data, "agent_id");
      if (!offline && item.event().type == LogEventType::offline_message) offline = &item;
    }
    offline_episode_ = offline != nullptr;
    std::map<core::Id, TimePoint> given;  // each agent's latest assignment
    std::optional<std::pair<core::Id, TimePoint>> holding;
    std::optional<TimePoint> live_from, ended_at;
    const auto release = [&](TimePoint at) {
      if (holding) add_measured(FactKind::handle_segment, holding->second, at, conversation_id, holding->first);
      holding.reset();
    };
    for (const auto& item : events) {
      const auto& event = item.event();
      single(conversation_id, item, first_holder);
      switch (event.type) {
        case LogEventType::assigned: {
          auto agent = text_field(item.data, "agent_id");
          if (!agent) break;
          release(event.at);
          given[*agent] = event.at;
          holding.emplace(*agent, event.at);
          if (!live_from) live_from = event.at;
          break;
        }
        case LogEventType::transferred:
        case LogEventType::requeued:
          release(event.at);
          break;
        case LogEventType::done:
        case LogEventType::abandoned:
          release(event.at);
          ended_at = event.at;
          break;
        case LogEventType::agent_message_first:
          first_message(conversation_id, item, offline, given);
          break;
        default:
          break;
      }
    }
    offline_episode_ = false;
    if (live_from) replies(conversation_id, messages, *live_from, ended_at);
  }

  void first_message(const core::Id& conversation_id, const EpisodeEvent& item, const EpisodeEvent* offline,
                     const std::map<core::Id, TimePoint>& given) {
    const auto& event = item.event();
    auto sender = event.actor_id ? event.actor_id : text_field(item.data, "agent_id");
    if (bool_field(item.data, "first_of_episode")) {
      if (offline) {
        add_measured(FactKind::offline_reply, offline->event().at, event.at, conversation_id, sender);
      } else if (event.duration_ms) {
        add(FactKind::first_response, event, sender, *event.duration_ms, business_of(event));
      }
    }
    if (!sender) return;
    const auto assigned = given.find(*sender);
    if (assigned == given.end()) return;
    if (!bool_field(item.data, "first_of_episode") && event.duration_ms) {
      add(FactKind::agent_first_response, event, sender, *event.duration_ms, business_of(event));
    } else {
      add_measured(FactKind::agent_first_response, assigned->second, event.at, conversation_id, sender);
    }
  }

  // Every exchange while live: the first customer message after the last agent message, to the
  // next agent message (credited to its sender).
  void replies(const core::Id& conversation_id, const std::vector<const core::ReportMessage*>& messages,
               TimePoint live_from, std::optional<TimePoint> ended_at) {
    std::optional<TimePoint> asked_at;
    for (const auto* message : messages) {
      if (message->at < live_from) continue;
      if (ended_at && message->at > *ended_at) break;
      if (message->sender == core::Sender::customer) {
        if (!asked_at) asked_at = message->at;
      } else if (message->sender == core::Sender::agent && asked_at) {
        add_measured(FactKind::reply, *asked_at, message->at, conversation_id, message->agent_id);
        asked_at.reset();
      }
    }
  }

  // Conversations, AI engagement and AI resolutions.
  void messages(const core::Id& conversation_id, const ConversationData& data) {
    const auto& messages = data.messages;
    for (std::size_t i = 0; i < messages.size(); ++i) {
      const auto& message = *messages[i];
      if (message.sender == core::Sender::customer && !message.customer_before) {
        add_at(FactKind::conversation, message.at, conversation_id, std::nullopt);
      }
      // A greeting (an AI message before any customer message) is no answer.
      if (message.sender != core::Sender::ai || !message.customer_before) continue;
      add_at(FactKind::ai_engaged, message.at, conversation_id, std::nullopt);
      if (message.ai_fallback) continue;
      if (resolved_by_ai(messages, i, data.handoffs)) {
        add_at(FactKind::ai_resolved, message.at + kResolvedAfter, conversation_id, std::nullopt);
      }
    }
  }

  // The answer at `index` was the last before a quiet 24 h: no customer message, no further AI
  // answer, no handoff, and the 24 h are over.
  bool resolved_by_ai(const std::vector<const core::ReportMessage*>& messages, std::size_t index,
                      const std::vector<TimePoint>& handoffs) const {
    const auto answered_at = messages[index]->at;
    const auto until = answered_at + kResolvedAfter;
    if (until > now_) return false;
    for (auto j = index + 1; j < messages.size(); ++j) {
      if (messages[j]->at > until) break;
      if (messages[j]->sender == core::Sender::customer || messages[j]->sender == core::Sender::ai) return false;
    }
    for (const auto handoff : handoffs) {
      if (handoff >= answered_at && handoff <= until) return false;
    }
    return true;
  }

  static constexpr auto kResolvedAfter = std::chrono::duration_cast<std::chrono::milliseconds>(core::kAiResolvedAfter);
  TimePoint now_;
  const HoursOf& hours_of_;
  core::BusinessHours hours_;
  bool offline_episode_ = false;  // the episode being read began with an offline message
  std::vector<ReportFact> facts_;
};

}  // namespace

std::vector<core::ReportFact> derive_facts(const core::ReportData& data, core::TimePoint now, const HoursOf& hours_of) {
  std::map<core::Id, ConversationData> conversations;
  for (const auto& source : data.events) {
    auto& conversation = conversations[source.event.conversation_id];
    conversation.assistant_id = source.assistant_id;
    EpisodeEvent item{&source, data_of(source.event)};
    if (source.event.type == LogEventType::handoff_requested) conversation.handoffs.push_back(source.event.at);
    if (source.event.episode_id.empty() || source.event.type == LogEventType::csat_submitted ||
        source.event.type == LogEventType::labels_changed) {
      conversation.outside.push_back(std::move(item));
    } else {
      conversation.episodes[source.event.episode_id].push_back(std::move(item));
    }
  }
  for (const auto& message : data.messages) {
    auto& conversation = conversations[message.conversation_id];
    conversation.assistant_id = message.assistant_id;
    conversation.messages.push_back(&message);
  }
  FactBuilder builder(now, hours_of);
  for (const auto& [id, conversation] : conversations) builder.conversation(id, conversation);
  auto facts = builder.take();
  for (const auto& sample : data.availability) {
    if (sample.minute > now) continue;
    ReportFact fact{FactKind::available, sample.minute, "", sample.agent_id};
    if (sample.capacity && *sample.capacity > 0) {
      fact.share = static_cast<double>(sample.live_count) / static_cast<double>(*sample.capacity);
    }
    facts.push_back(std::move(fact));
  }
  return facts;
}

}  // namespace baton::app
