// The conversation state machine (ai -> waiting -> live -> done, reactivate) and who may move it.
// Pure functions: given the conversation as stored and who acts, they answer the conversation
// as it must be stored next and the system notices the customer must see, or why not.
#pragma once

#include <vector>

#include "core/error.hpp"
#include "core/routing.hpp"
#include "core/types.hpp"

namespace baton::core {

struct Actor {
  Id agent_id;
  Role role = Role::agent;
};

struct Transition {
  Conversation conversation;         // the state to store
  std::vector<SystemEvent> notices;  // system messages to append, in order
  bool changed = false;              // false: nothing to store, answer as is
  std::vector<LogEvent> log;         // what the conversation event log records, in order
};

// A customer (button, typed phrase, offline form) or the AI asks for a live agent.
Result<Transition> request_handoff(const Conversation& conversation, const Assistant& assistant, HandoffReason reason,
                                   bool agents_available, TimePoint now);

// An agent claims the conversation: only one agent can ever hold it, and not past the agent's
// capacity (`load`) unless they `force` it.
Result<Transition> take_over(const Conversation& conversation, const Actor& actor, TimePoint now, Load load = {},
                             bool force = false);

// Before an agent's message is stored: takes the conversation over when nobody holds it yet.
Result<Transition> prepare_agent_message(const Conversation& conversation, const Actor& actor, TimePoint now,
                                         Load load = {});

// Baton (auto mode) or an admin gives a waiting conversation to an agent with room.
struct Assignee {
  Id agent_id;
  Load load;
};
Result<Transition> assign(const Conversation& conversation, const Assignee& assignee, AssignedBy by,
                          const std::optional<Actor>& admin, TimePoint now);

// The holder or an admin hands a live conversation to another agent (who must be a member, on
// duty and have room, unless an admin forces it) or back to the queue with its original request
// time. The customer only sees the next agent join; the note travels with the conversation.
struct TransferTarget {
  std::optional<Assignee> agent;  // unset: back to the queue
  bool available = false;         // the agent serves this assistant and is on duty
  bool force = false;
  std::optional<std::string> note;
  std::optional<Id> note_id;  // the Note the caller's note is kept as
};
Result<Transition> transfer(const Conversation& conversation, const Actor& actor, const TransferTarget& target,
                            TimePoint now);

// The holder went away (offline, away, or no socket past the grace): the conversation returns to
// the queue with its original request time. The customer is told nothing.
Result<Transition> requeue(const Conversation& conversation, const Id& agent_id, TimePoint now);

// The customer withdraws a live request no agent has taken yet: back to the AI, the request
// logged as abandoned (reason "cancelled"). An offline message stays for the team to answer.
Result<Transition> cancel_request(const Conversation& conversation, TimePoint now);

// The agent presses Done: completed, handed back to the AI, the customer told.
Result<Transition> finish(const Conversation& conversation, const Actor& actor, TimePoint now);

// An agent reopens a completed conversation and holds it.
// An agent reopens a completed conversation and holds it, within their capacity unless forced.
Result<Transition> reactivate(const Conversation& conversation, const Actor& actor, TimePoint now, Load load,
                              bool force = false);

// What follows a customer's message.
enum class CustomerMessageOutcome {
  ai_answers,           // the AI replies
  handoff,              // a typed request for a person: like the handoff button
  live_agent_disabled,  // a typed request, but this assistant has no live agents: say so
  for_agents,           // an agent is expected or present: the AI stays silent
};
// A message the AI cannot read (a sticker, a photo), or one past the customer's rate on a channel
// that cannot refuse it (LINE), is kept for the agents and sets nothing off.
enum class MessageReach { sets_off_replies, kept_for_agents };
CustomerMessageOutcome customer_message_outcome(const Conversation& conversation, const Assistant& assistant,
                                                bool asks_for_person,
                                                MessageReach reach = MessageReach::sets_off_replies);

// Whether the conversation has a place in its assistant's queue: a live request, waiting (a left
// message waits for whoever comes on duty and is not ranked). Places go first come first.
bool ranked_in_queue(const Conversation& conversation);

// Whether the AI answers a customer message in this state (it stays silent while an agent
// is expected or present).
bool ai_answers(const Conversation& conversation);

// After this many fallbacks in a row ("I do not know") the AI hands the customer to a person.
inline constexpr int kFallbacksBeforeHandoff = 2;
// Whether the AI's latest replies (messages oldest first) are a streak of fallbacks long enough
// to call a person: customer messages between them do not break it, any other reply does.
bool fallbacks_call_for_person(const std::vector<Message>& recent);

// Only admins change assistants, agents and channels; any agent may teach knowledge.
bool may_manage_assistants(Role role);
bool may_manage_agents(Role role);
// Replacing a whole knowledge base is an admin's act; agents teach by adding and editing.
inline bool may_replace_knowledge(Role role) { return may_manage_assistants(role); }

}  // namespace baton::core
