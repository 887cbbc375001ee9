// System notices rendered from their `event` (and its `notice` details) in the reader's language,
// never by splitting a text: each front end passes its own i18n table's words.
import { openingTime } from './format';
import type { Message } from './types';

export interface NoticeStrings {
  handoffRequested: string;
  handoffWithPlace: (place: number) => string;
  noAgentsOnline: string;
  closed: string;
  closedUntil: (when: string) => string;
  agentJoined: string;
  agentJoinedNamed: (name: string) => string;
  conversationDone: string;
  reactivated: string;
  liveAgentDisabled: string;
  customerUnfollowed: string;
  csatRequested: string;
}

// The words of a system message for a reader of `lang`. The assistant's own text (its offline
// message, `custom_text`) and an event this build does not know come as the server wrote them.
export function noticeText(message: Message, words: NoticeStrings, lang: string): string {
  const notice = message.notice ?? {};
  if (notice.custom_text) return message.text;
  switch (message.event) {
    case 'handoff_requested':
      return notice.queue_position ? words.handoffWithPlace(notice.queue_position) : words.handoffRequested;
    case 'no_agents_online':
      if (!notice.closed) return words.noAgentsOnline;
      return notice.next_open_at ? words.closedUntil(openingTime(notice.next_open_at, lang)) : words.closed;
    case 'agent_joined':
      return message.agent_name ? words.agentJoinedNamed(message.agent_name) : words.agentJoined;
    case 'conversation_done':
      return words.conversationDone;
    case 'reactivated':
      return words.reactivated;
    case 'live_agent_disabled':
      return words.liveAgentDisabled;
    case 'customer_unfollowed':
      return words.customerUnfollowed;
    case 'csat_requested':
      return words.csatRequested;
    default:
      return message.text;
  }
}
