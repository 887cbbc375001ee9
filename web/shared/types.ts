// The shapes of API.md that both front ends read.

export type Sender = 'customer' | 'ai' | 'agent' | 'system';
export type Status = 'ai' | 'waiting' | 'live' | 'done';
export type Presence = 'online' | 'away' | 'offline';
export type HandoffReason = 'button' | 'phrase' | 'offline_message' | 'ai_fallback' | string;

export interface Message {
  id: string;
  conversation_id: string;
  seq: number;
  sender: Sender;
  agent_id?: string;
  agent_name?: string;
  text: string;
  event?: string; // system messages: render from it (see notices.ts), `text` is only a fallback
  notice?: NoticeDetails; // system messages: what the event's notice needs beyond the event
  client_id?: string;
  created_at: string;
  knowledge_id?: string; // AI replies: the entry the answer was grounded on
  fallback?: boolean; // AI replies: the AI did not know
  attachment?: Attachment; // a photo, video, voice message or file (from the customer, web or LINE, or an agent)
  delivery?: Delivery; // LINE, or an e-mail to an absent web visitor: how the message to the customer went
  csat?: SurveyRef; // a csat_requested notice: the survey it asks the customer to answer
}

// The satisfaction survey a csat_requested notice carries; `score` once the customer rated it.
export interface SurveyRef {
  survey_id: string;
  score: number | null;
  comment: string | null;
}

// API.md's `notice` of a system message.
export interface NoticeDetails {
  queue_position?: number; // handoff_requested: the customer's place in the queue
  closed?: boolean; // no_agents_online outside business hours
  next_open_at?: string | null; // closed: when the team opens again
  time_zone?: string; // closed: the schedule's zone
  custom_text?: boolean; // `text` is the assistant's own wording: show it as written
}

// A file in a message. `url` (and `preview_url`, a smaller copy of a picture) only while ready;
// the widget's URLs need its visitor token, the console's its session cookie.
export interface Attachment {
  id: string;
  kind: 'image' | 'video' | 'audio' | 'file';
  file_name: string;
  content_type: string;
  size: number;
  status: 'pending' | 'ready' | 'failed' | 'expired';
  width?: number;
  height?: number;
  url?: string;
  preview_url?: string;
}

export interface Delivery {
  status: 'pending' | 'sent' | 'failed';
  error?: string;
  channel?: 'line' | 'email'; // email: an agent's answer e-mailed to a web visitor who went away
  reason?: 'monthly_limit'; // a failure the console explains: LINE's monthly message limit
}

export interface Contact {
  id: string;
  name: string;
  contact?: string;
  picture_url?: string; // LINE profile picture
}

export interface Conversation {
  id: string;
  assistant_id: string;
  channel: 'web' | 'line';
  status: Status;
  contact: Contact;
  assigned_agent_id: string | null;
  handoff_requested_at: string | null;
  handoff_reason: HandoffReason | null;
  offline_request: boolean;
  last_seq: number;
  // Bumped on every change to the conversation: of two copies, the higher is the newer.
  version: number;
  created_at: string;
  updated_at: string;
  last_message: Message | null;
  labels?: string[]; // the console's copy only: the widget never gets them
}

// An agent's internal note on a conversation (never a message; never seen by the customer).
export interface Note {
  id: string;
  conversation_id: string;
  agent_id: string;
  agent_name: string;
  text: string;
  mentions: string[]; // agent ids
  created_at: string;
}

// A note naming an agent, in their mentions inbox until read.
export interface Mention {
  id: string;
  agent_id: string;
  conversation_id: string;
  note: Note;
  read_at: string | null;
  created_at: string;
}

export interface CannedReply {
  id: string;
  shortcut: string;
  text: string;
  assistant_id: string | null;
  created_by: string | null;
  updated_by: string | null;
  created_at: string;
  updated_at: string;
  rendered?: string; // the text for one conversation, when asked with conversation_id
}

export interface Label {
  name: string;
  color: string; // #rrggbb
  created_at?: string;
}

export interface ErrorBody {
  error: { code: string; message: string };
}
