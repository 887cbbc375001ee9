#include "core/conversation_rules.hpp"

namespace baton::core {
namespace {

Transition unchanged(const Conversation& conversation) { return Transition{conversation, {}, false, {}}; }

Transition hold(const Conversation& conversation, const Actor& actor, SystemEvent notice, TimePoint now) {
  Conversation next = conversation;
  if (conversation.status == Status::ai || conversation.status == Status::done) {
    // An episode nobody asked for (an agent joining, a reactivation): its "request" is now, so
    // that a later return to the queue does not jump ahead with an old episode's time.
    next.handoff_requested_at = now;
    next.handoff_reason = HandoffReason::agent;
    next.offline_request = false;
  }
  next.status = Status::live;
  next.assigned_agent_id = actor.agent_id;
  next.updated_at = now;
  return Transition{std::move(next), {notice}, true, {}};
}

LogEvent agent_act(LogEventType type, const Actor& actor, std::optional<Id> agent_id) {
  return LogEvent{type, ActorType::agent, actor.agent_id, std::move(agent_id), AssignedBy::claim};
}

bool held_by(const Conversation& conversation, const Actor& actor) {
  return conversation.assigned_agent_id && *conversation.assigned_agent_id == actor.agent_id;
}

tl::unexpected<Error> at_capacity(const Load& load) {
  return fail(ErrorCode::at_capacity, "the agent already holds " + std::to_string(load.live) + " of " +
                                          std::to_string(load.capacity.value_or(0)) + " live conversations");
}

// Waiting again, with the original request time so that it goes to the front of the queue (a
// conversation an agent joined unasked had no request: it queues from now).
Conversation back_in_queue(const Conversation& conversation, TimePoint now) {
  Conversation next = conversation;
  next.status = Status::waiting;
  next.assigned_agent_id.reset();
  if (!next.handoff_requested_at) next.handoff_requested_at = now;
  if (next.handoff_reason == HandoffReason::none) next.handoff_reason = HandoffReason::agent;
  next.updated_at = now;  // a left message stays one: it keeps its place after live requests
  return next;
}

}  // namespace

Result<Transition> request_handoff(const Conversation& conversation, const Assistant& assistant, HandoffReason reason,
                                   bool agents_available, TimePoint now) {
  if (!assistant.live_agent_enabled) {
    return fail(ErrorCode::live_agent_disabled, "this assistant does not transfer to live agents");
  }
  switch (conversation.status) {
    case Status::waiting:
      if (reason == HandoffReason::offline_message && conversation.handoff_reason != reason) {
        // Asked while nobody was on duty, then left the message: that is what the agent answers.
        Conversation next = conversation;
        next.handoff_reason = reason;
        next.offline_request = true;
        next.updated_at = now;
        return Transition{std::move(next), {}, true, {LogEvent{LogEventType::offline_message, ActorType::customer}}};
      }
      return unchanged(conversation);
    case Status::live:
      return unchanged(conversation);  // already with a person
    case Status::ai:
    case Status::done:
      break;
  }
  Conversation next = conversation;
  next.status = Status::waiting;
  next.assigned_agent_id.reset();
  next.handoff_requested_at = now;
  next.handoff_reason = reason;
  // A left message waits for whoever comes on duty next, and the customer already knows it.
  const bool left_message = reason == HandoffReason::offline_message;
  next.offline_request = left_message || !agents_available;
  next.updated_at = now;
  Transition transition{std::move(next), {SystemEvent::handoff_requested}, true, {}};
  if (!agents_available && !left_message) transition.notices.push_back(SystemEvent::no_agents_online);
  const bool by_ai = reason == HandoffReason::ai_fallback || reason == HandoffReason::ai_transfer;
  transition.log.push_back(LogEvent{LogEventType::handoff_requested, by_ai ? ActorType::ai : ActorType::customer});
  if (left_message) transition.log.push_back(LogEvent{LogEventType::offline_message, ActorType::customer});
  return transition;
}

Result<Transition> take_over(const Conversation& conversation, const Actor& actor, TimePoint now, Load load,
                             bool force) {
  switch (conversation.status) {
    case Status::ai:
    case Status::waiting: {
      if (!load.has_room() && !force) return at_capacity(load);
      auto transition = hold(conversation, actor, SystemEvent::agent_joined, now);
      transition.log.push_back(agent_act(LogEventType::assigned, actor, actor.agent_id));
      return transition;
    }
    case Status::live:
      if (held_by(conversation, actor)) return unchanged(conversation);
      return fail(ErrorCode::held_by_another_agent, "another agent holds this conversation");
    case Status::done:
      return fail(ErrorCode::conversation_done, "the conversation is done; reactivate it to talk again");
  }
  return fail(ErrorCode::invalid_state, "unknown conversation state");
}

Result<Transition> prepare_agent_message(const Conversation& conversation, const Actor& actor, TimePoint now,
                                         Load load) {
  return take_over(conversation, actor, now, load);
}

Result<Transition> assign(const Conversation& conversation, const Assignee& assignee, AssignedBy by,
                          const std::optional<Actor>& admin, TimePoint now) {
  const bool open = conversation.status == Status::waiting || (admin && conversation.status == Status::ai);
  if (!open || conversation.assigned_agent_id) {
    if (conversation.status == Status::live) {
      return fail(ErrorCode::invalid_state, "an agent holds this conversation; transfer it instead");
    }
    return fail(ErrorCode::invalid_state, "only a conversation waiting for an agent can be assigned");
  }
  if (!assignee.load.has_room()) return at_capacity(assignee.load);
  auto transition = hold(conversation, Actor{assignee.agent_id, Role::agent}, SystemEvent::agent_joined, now);
  LogEvent assigned{LogEventType::assigned, admin ? ActorType::agent : ActorType::system};
  if (admin) assigned.actor_id = admin->agent_id;
  assigned.agent_id = assignee.agent_id;
  assigned.by = by;
  transition.log.push_back(std::move(assigned));
  return transition;
}

Result<Transition> transfer(const Conversation& conversation, const Actor& actor, const TransferTarget& target,
                            TimePoint now) {
  if (conversation.status != Status::live) {
    return fail(ErrorCode::invalid_state, "only a live conversation can be transferred");
  }
  if (!held_by(conversation, actor) && actor.role != Role::admin) {
    return fail(ErrorCode::not_holder, "only the agent holding this conversation or an admin can transfer it");
  }
  LogEvent moved = agent_act(LogEventType::transferred, actor, std::nullopt);
  moved.from_agent_id = conversation.assigned_agent_id;
  moved.note = target.note;
  moved.note_id = target.note_id;
  if (!target.agent) {
    Conversation next = back_in_queue(conversation, now);
    return Transition{std::move(next), {}, true, {std::move(moved)}};
  }
  const auto& to = *target.agent;
  if (conversation.assigned_agent_id == to.agent_id) {
    return fail(ErrorCode::invalid_field, "the conversation is already with that agent");
  }
  if (!target.available) {
    return fail(ErrorCode::agent_unavailable, "that agent is not on duty for this assistant's customers");
  }
  const bool forced = target.force && actor.role == Role::admin;
  if (!to.load.has_room() && !forced) return at_capacity(to.load);
  moved.agent_id = to.agent_id;
  auto transition = hold(conversation, Actor{to.agent_id, Role::agent}, SystemEvent::agent_joined, now);
  transition.log.push_back(std::move(moved));
  LogEvent assigned = agent_act(LogEventType::assigned, actor, to.agent_id);
  assigned.by = AssignedBy::transfer;
  assigned.from_agent_id = conversation.assigned_agent_id;
  transition.log.push_back(std::move(assigned));
  return transition;
}

Result<Transition> requeue(const Conversation& conversation, const Id& agent_id, TimePoint now) {
  if (conversation.status != Status::live || conversation.assigned_agent_id != agent_id) {
    return unchanged(conversation);  // already moved on (Done, a transfer, another node's requeue)
  }
  LogEvent requeued{LogEventType::requeued, ActorType::system};
  requeued.from_agent_id = agent_id;
  requeued.reason = "agent_lost";
  return Transition{back_in_queue(conversation, now), {}, true, {std::move(requeued)}};
}

Result<Transition> cancel_request(const Conversation& conversation, TimePoint now) {
  if (conversation.status != Status::waiting || conversation.assigned_agent_id) {
    return fail(ErrorCode::invalid_state, "there is no request waiting for an agent to withdraw");
  }
  if (conversation.offline_request) {
    return fail(ErrorCode::invalid_state, "a message left for the team stays until an agent answers it");
  }
  Conversation next = conversation;
  next.status = Status::ai;
  next.handoff_requested_at.reset();
  next.handoff_reason = HandoffReason::none;
  next.updated_at = now;
  LogEvent abandoned{LogEventType::abandoned, ActorType::customer};
  abandoned.reason = "cancelled";
  return Transition{std::move(next), {}, true, {std::move(abandoned)}};
}

Result<Transition> finish(const Conversation& conversation, const Actor& actor, TimePoint now) {
  switch (conversation.status) {
    case Status::live:
      if (!held_by(conversation, actor) && actor.role != Role::admin) {
        return fail(ErrorCode::held_by_another_agent, "another agent holds this conversation");
      }
      break;
    case Status::waiting:
      break;  // an agent may close a request without talking (answered elsewhere, spam)
    case Status::ai:
      return fail(ErrorCode::invalid_state, "the AI is handling this conversation; nothing to finish");
    case Status::done:
      return fail(ErrorCode::conversation_done, "the conversation is already done");
  }
  Conversation next = conversation;
  next.status = Status::done;
  next.assigned_agent_id.reset();
  next.offline_request = false;
  next.updated_at = now;
  return Transition{std::move(next),
                    {SystemEvent::conversation_done},
                    true,
                    {agent_act(LogEventType::done, actor, conversation.assigned_agent_id)}};
}

Result<Transition> reactivate(const Conversation& conversation, const Actor& actor, TimePoint now, Load load,
                              bool force) {
  if (conversation.status != Status::done) {
    return fail(ErrorCode::invalid_state, "only a done conversation can be reactivated");
  }
  if (!load.has_room() && !force) return at_capacity(load);
  auto transition = hold(conversation, actor, SystemEvent::reactivated, now);
  transition.log.push_back(agent_act(LogEventType::reactivated, actor, actor.agent_id));
  auto assigned = agent_act(LogEventType::assigned, actor, actor.agent_id);
  assigned.by = AssignedBy::reactivate;
  transition.log.push_back(assigned);
  return transition;
}

CustomerMessageOutcome customer_message_outcome(const Conversation& conversation, const Assistant& assistant,
                                                bool asks_for_person, MessageReach reach) {
  if (!ai_answers(conversation) || reach == MessageReach::kept_for_agents) return CustomerMessageOutcome::for_agents;
  if (!asks_for_person) return CustomerMessageOutcome::ai_answers;
  return assistant.live_agent_enabled ? CustomerMessageOutcome::handoff : CustomerMessageOutcome::live_agent_disabled;
}

bool ranked_in_queue(const Conversation& conversation) {
  return conversation.status == Status::waiting && conversation.handoff_requested_at && !conversation.offline_request;
}

bool ai_answers(const Conversation& conversation) {
  return conversation.status == Status::ai || conversation.status == Status::done;
}

bool fallbacks_call_for_person(const std::vector<Message>& recent) {
  int streak = 0;
  for (auto it = recent.rbegin(); it != recent.rend(); ++it) {
    if (it->sender == Sender::customer) continue;
    if (it->sender != Sender::ai || !it->ai_fallback) break;
    if (++streak >= kFallbacksBeforeHandoff) return true;
  }
  return false;
}

bool may_manage_assistants(Role role) { return role == Role::admin; }
bool may_manage_agents(Role role) { return role == Role::admin; }

}  // namespace baton::core
