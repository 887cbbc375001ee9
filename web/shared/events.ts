// The frames the server sends on its two sockets, one shape per type, as src/app/event_publisher.cpp
// (and wire_format.cpp, channels/ws/) writes them: AgentEvent on the console's /api/v1/agent/ws,
// WidgetEvent on a visitor's /api/v1/widget/ws. tests/browser/socket_events.test.mjs holds these
// names to the C++ and to the frames a running server sends.
import type { Conversation, Mention, Message, Note } from './types';

export interface MessageCreated {
  type: 'message.created';
  message: Message;
}

// A message changed after it was sent (its LINE delivery, a file fetched). Agents only.
export interface MessageUpdated {
  type: 'message.updated';
  message: Message;
}

export interface ConversationUpdated {
  type: 'conversation.updated';
  conversation: Conversation;
}

// To the assistant's members who are available when it happens.
export interface HandoffRequested {
  type: 'handoff.requested';
  conversation: Conversation;
}

export type AssignedBy = 'auto' | 'claim' | 'transfer' | 'admin' | 'reactivate';

// To the assignee only.
export interface ConversationAssigned {
  type: 'conversation.assigned';
  conversation: Conversation;
  agent_id: string;
  previous_agent_id: string | null;
  by: AssignedBy;
  note?: string;
}

// Agents on duty for an assistant: to its widgets and to every console.
export interface PresenceUpdated {
  type: 'presence.updated';
  assistant_id: string;
  agents_online: number;
}

export interface CustomerTyping {
  type: 'typing';
  conversation_id: string;
  sender: 'customer';
}

export interface AgentTyping {
  type: 'typing';
  conversation_id: string;
  sender: 'agent';
  agent_name?: string;
}

// The AI's answer while it is written: the text added after `offset` characters.
export interface AiDraft {
  type: 'message.draft';
  conversation_id: string;
  sender: 'ai';
  delta: string;
  offset: number;
}

// To consoles: an assistant's queue.
export interface QueueSummary {
  type: 'queue.updated';
  assistant_id: string;
  waiting: number;
  oldest_waiting_since: string | null;
}

// To a waiting customer: their place.
export interface QueuePosition {
  type: 'queue.updated';
  conversation_id: string;
  queue_position: number;
  estimated_wait_seconds: number | null;
}

// Any agent added an internal note: to every console.
export interface NoteCreated {
  type: 'note.created';
  note: Note;
}

// A note named this agent: to that agent only.
export interface MentionCreated {
  type: 'mention.created';
  mention: Mention;
  note: Note;
  conversation: Conversation;
}

// A customer rated an episode (team operations §4.8): to every console.
export interface CsatSubmitted {
  type: 'csat.submitted';
  survey_id: string;
  conversation_id: string;
  agent_id: string | null; // who pressed Done: the rating is theirs
  score: number;
  comment: string | null;
  channel: string;
  requested_at: string;
  submitted_at: string;
}

export type AgentEvent =
  | MessageCreated
  | CsatSubmitted
  | NoteCreated
  | MentionCreated
  | MessageUpdated
  | ConversationUpdated
  | HandoffRequested
  | ConversationAssigned
  | PresenceUpdated
  | CustomerTyping
  | QueueSummary;

export type WidgetEvent =
  MessageCreated | ConversationUpdated | PresenceUpdated | AgentTyping | AiDraft | QueuePosition;

export type SocketEvent = AgentEvent | WidgetEvent;

// The default of a switch over a frame's type: it does not compile while a type is unhandled.
// At run time a frame of a newer server lands here and is skipped.
export function skipUnknown(_frame: never): void {}
