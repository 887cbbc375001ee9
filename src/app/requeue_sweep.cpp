#include "app/requeue_sweep.hpp"

#include <spdlog/spdlog.h>

#include <unordered_map>

#include "store/commit_and_wait.hpp"

namespace baton::app {
namespace {

// When the conversation was last given to an agent in its current episode: a conversation given
// to an agent already away has its requeue delay counted from then, not from their leaving.
std::optional<core::TimePoint> assigned_at(store::ReadTxn& txn, const core::Id& conversation_id) {
  const auto last = txn.last_conversation_event(conversation_id);
  if (!last) return std::nullopt;
  const auto episode = txn.episode_events(conversation_id, last->episode_id);
  for (auto event = episode.rbegin(); event != episode.rend(); ++event) {
    if (event->type == core::LogEventType::assigned) return event->at;
  }
  return std::nullopt;
}

}  // namespace

RequeueSweep::RequeueSweep(store::Store& store, PresenceService& presence, ConversationSteps& steps, ClockFn clock)
    : store_(store), presence_(presence), steps_(steps), clock_(std::move(clock)) {}

bool RequeueSweep::goes_back(store::ReadTxn& txn, const core::Id& conversation_id, const core::Id& agent_id) const {
  const auto spoken = txn.last_spoken(conversation_id, agent_id);
  return core::requeue_on_loss(presence_.is_disabled(agent_id), spoken.customer_seq, spoken.agent_seq);
}

std::vector<RequeueSweep::Due> RequeueSweep::due_now() {
  std::vector<Due> due;
  const auto gone = presence_.unavailable_agents();
  if (gone.empty()) return due;
  std::unordered_map<core::Id, int> requeue_after;  // seconds, per assistant
  for (const auto& assistant : presence_.assistants()) requeue_after[assistant.id] = assistant.routing.requeue_after_s;
  const auto now = clock_();
  auto txn = store_.begin_read();
  std::unordered_map<core::Id, int> live;
  for (const auto& [agent_id, count] : txn->live_counts()) live[agent_id] = count;
  for (const auto& [agent_id, since] : gone) {
    if (live[agent_id] == 0) continue;
    for (const auto& conversation : txn->live_conversations_of(agent_id)) {
      const int after_s = requeue_after.contains(conversation.assistant_id) ? requeue_after[conversation.assistant_id]
                                                                            : core::RoutingSettings{}.requeue_after_s;
      if (!core::requeue_delay_over(since, assigned_at(*txn, conversation.id), after_s, now)) continue;
      if (!goes_back(*txn, conversation.id, agent_id)) continue;
      due.push_back(Due{conversation.id, agent_id});
    }
  }
  return due;
}

bool RequeueSweep::requeue(const Due& due) {
  auto moved =
      store::commit_and_wait<core::Conversation>(store_, [&](store::WriteTxn& txn) -> core::Result<core::Conversation> {
        auto conversation = txn.conversation(due.conversation_id);
        if (!conversation) return core::fail(core::ErrorCode::not_found, "no such conversation");
        // Again with the row locked: the agent may have answered or come back since the read.
        if (presence_.is_available(due.agent_id) || !goes_back(txn, conversation->id, due.agent_id)) {
          return *conversation;
        }
        auto assistant = *txn.assistant(conversation->assistant_id);
        return steps_.apply_transition(txn, *conversation, assistant,
                                       [&](const core::Conversation& c, const core::Assistant&) {
                                         return core::requeue(c, due.agent_id, clock_());
                                       });
      });
  if (!moved) return false;
  const bool requeued = moved->status == core::Status::waiting;
  if (requeued) {
    spdlog::info("event=conversation_requeued conversation={} agent={} reason=agent_lost", due.conversation_id,
                 due.agent_id);
  }
  return requeued;
}

int RequeueSweep::sweep() {
  int requeued = 0;
  for (const auto& due : due_now()) requeued += requeue(due) ? 1 : 0;
  return requeued;
}

}  // namespace baton::app
