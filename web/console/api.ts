// The console's side of API.md. The session is the HttpOnly cookie set at login; calls that
// change state echo the baton_csrf cookie in X-CSRF-Token.
import { ApiError, requestJson } from '../shared/http';
import type { CannedReply, Conversation, Label, Mention, Message, Note, Presence } from '../shared/types';
import { uploadFile, uploadPath, type FileLimits } from '../shared/upload';

export interface Agent {
  id: string;
  email: string;
  name: string;
  role: Role;
  presence: Presence;
  disabled: boolean;
  max_concurrent: number | null; // null: the assistant's default capacity
  assistant_ids: string[]; // empty: every assistant
  live_count?: number; // GET /agents only
  available?: boolean; // GET /agents only: online with a live socket
}

export type Role = 'admin' | 'agent';

// What an admin may change on a console user (PATCH /api/v1/agents/{id}).
export interface AgentPatch {
  name?: string;
  role?: Role;
  password?: string;
  disabled?: boolean;
  max_concurrent?: number | null;
  assistant_ids?: string[];
}

// One page of a conversation list; `next_cursor` (passed back as `before`) is null on the last.
export interface ConversationPage {
  conversations: Conversation[];
  next_cursor: string | null;
}

export interface Assistant {
  id: string;
  name: string;
  greeting: string;
  live_agent_enabled: boolean;
  offline_message: string;
  llm_base_url: string;
  llm_model: string;
  llm_api_key_env: string;
  routing_mode: RoutingMode;
  default_capacity: number | null;
  requeue_after_s: number;
  route_after_hours: boolean;
  business_hours: BusinessHours;
  csat_enabled: boolean; // a satisfaction survey after an agent's Done
  csat_question: string; // empty: the default question in the customer's language
  email_followup: boolean; // team operations §4.12
  email_followup_delay_s: number;
}

export type RoutingMode = 'manual' | 'auto';

// An endpoint other systems are told at (team operations §4.11); its secret is shown only once.
export interface Webhook {
  id: string;
  url: string;
  events: string[]; // type names, or ['*']
  assistant_id: string | null;
  description: string;
  enabled: boolean;
  disabled_reason: 'admin' | 'gone' | 'failing' | null; // gone: the receiver answered 410
  failing_since: string | null;
  timeout_seconds: number;
  created_at: string;
  updated_at: string;
}

export interface WebhookDelivery {
  id: string; // also the webhook-id header, the same on every attempt
  webhook_id: string;
  event_type: string;
  attempts: number;
  status: 'pending' | 'ok' | 'failed';
  last_status_code: number | null;
  last_error: string | null;
  next_attempt_at: string | null;
  created_at: string;
  updated_at: string;
}

// Team operations §4.9: day 0 is Sunday; a close at or before the open runs past midnight.
export interface BusinessHours {
  enabled: boolean;
  timezone: string;
  weekly: { day: number; open: string; close: string }[];
  closed_dates: string[];
  special: { date: string; open: string; close: string }[];
}

export interface HoursStatus {
  open_now: boolean;
  next_open_at: string | null;
  next_close_at: string | null;
}

// POST /conversations/{id}/transfer: to an agent or back to the queue.
export type TransferRequest = ({ to_agent_id: string } | { to_queue: true }) & { note?: string; force?: boolean };

export interface KnowledgeEntry {
  id: string;
  question: string;
  answer: string;
  updated_at: string;
}

export type View = 'all' | 'live_agent' | 'ai' | 'done';

export interface LineConnection {
  webhook_url: string;
  connected: boolean;
}

// This month's LINE message quota (GET /assistants/{id}/line/quota): LINE's figures and the
// pushes Baton sent; `warning` from 80 % of a limit.
export interface LineQuota {
  type: 'none' | 'limited';
  value?: number;
  total_usage: number;
  baton_pushes: number;
  warning: boolean;
}

export interface Substitution {
  word: string;
  as: string;
}

// Why the built-in AI answered or fell back (null when an LLM answered).
export interface PlaygroundExplanation {
  confidence: number;
  threshold: number;
  signals: { name: string; value: number; weight: number }[];
  unknown_words: string[];
  synonyms: Substitution[];
  corrections: Substitution[];
}

// Whether the text, sent by a customer, would go to a person instead of the AI.
export interface HandoffVerdict {
  requested: boolean;
  rule: string;
  person: string;
  request: string;
}

export interface PlaygroundAnswer {
  kind: 'answer' | 'fallback';
  text: string;
  knowledge_id: string | null;
  score: number;
  explanation: PlaygroundExplanation | null;
  handoff: HandoffVerdict;
  candidates: { knowledge_id: string; question: string; score: number }[];
}

function csrfToken(): string {
  const match = document.cookie.match(/(?:^|;\s*)baton_csrf=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : '';
}

function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  return callRaw<T>(
    method,
    path,
    body === undefined ? undefined : JSON.stringify(body),
    'application/json; charset=utf-8',
  );
}

async function callRaw<T>(method: string, path: string, body: string | undefined, contentType: string): Promise<T> {
  const headers: Record<string, string> = {};
  if (method !== 'GET') headers['X-CSRF-Token'] = csrfToken();
  if (body !== undefined) headers['Content-Type'] = contentType;
  return signedOutOn401(() => requestJson<T>(path, { method, headers, credentials: 'same-origin', body }));
}

// A session that ended elsewhere (logout in another tab, expiry) sends the agent to sign in.
async function signedOutOn401<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) window.dispatchEvent(new Event(kSignedOutEvent));
    throw error;
  }
}

export const kSignedOutEvent = 'baton:signed-out';

// A refused sign-in: the API error, and for 429 how long to wait (the Retry-After header).
export class LoginError extends ApiError {
  constructor(
    status: number,
    code: string,
    message: string,
    readonly retryAfterSeconds: number | null,
  ) {
    super(status, code, message);
  }
}

const kLoginTimeoutMs = 15_000;

// Login reads a header (Retry-After) that requestJson does not keep, so it fetches by itself.
async function login(email: string, password: string): Promise<{ agent: Agent }> {
  let response: Response;
  try {
    response = await fetch('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      credentials: 'same-origin',
      body: JSON.stringify({ email, password }),
      signal: AbortSignal.timeout(kLoginTimeoutMs),
    });
  } catch (cause) {
    throw new LoginError(0, 'network', String(cause), null);
  }
  const body = await response.json().catch(() => null);
  if (response.ok) return body as { agent: Agent };
  const error = body?.error ?? { code: 'http_' + response.status, message: response.statusText };
  const retryAfter = Number(response.headers.get('Retry-After'));
  throw new LoginError(
    response.status,
    error.code,
    error.message,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
  );
}

export const kHistoryPage = 50;
export const kConversationPage = 50;
// A reconnection catches up from the newest message it has, up to this many at once.
export const kCatchUpLimit = 500;

const enc = encodeURIComponent;

export const api = {
  login,
  logout: () => call<void>('POST', '/api/v1/auth/logout'),
  me: () => call<Agent>('GET', '/api/v1/me'),
  setPresence: (status: Presence) => call<Agent>('PUT', '/api/v1/me/presence', { status }),
  agents: () => call<{ agents: Agent[] }>('GET', '/api/v1/agents').then((r) => r.agents),
  createAgent: (input: { email: string; name: string; password: string; role: string }) =>
    call<Agent>('POST', '/api/v1/agents', input),
  updateAgent: (id: string, patch: AgentPatch) => call<Agent>('PATCH', `/api/v1/agents/${enc(id)}`, patch),
  changePassword: (current_password: string, new_password: string) =>
    call<void>('PUT', '/api/v1/me/password', { current_password, new_password }),

  assistants: () => call<{ assistants: Assistant[] }>('GET', '/api/v1/assistants').then((r) => r.assistants),
  createAssistant: (name: string) => call<Assistant>('POST', '/api/v1/assistants', { name }),
  updateAssistant: (id: string, patch: Partial<Assistant>) =>
    call<Assistant>('PATCH', `/api/v1/assistants/${enc(id)}`, patch),
  hoursStatus: (id: string) => call<HoursStatus>('GET', `/api/v1/assistants/${enc(id)}/business_hours/status`),
  lineQuota: (id: string) => call<LineQuota>('GET', `/api/v1/assistants/${enc(id)}/line/quota`),
  markRead: (id: string) => call<{ read_receipt: string }>('POST', `/api/v1/conversations/${enc(id)}/read`),
  lineChannel: (id: string) => call<LineConnection>('GET', `/api/v1/assistants/${enc(id)}/channels/line`),
  connectLine: (id: string, channel_secret: string, channel_access_token: string) =>
    call<LineConnection>('PUT', `/api/v1/assistants/${enc(id)}/channels/line`, {
      channel_secret,
      channel_access_token,
    }),
  knowledge: (id: string) =>
    call<{ knowledge: KnowledgeEntry[] }>('GET', `/api/v1/assistants/${enc(id)}/knowledge`).then((r) => r.knowledge),
  addKnowledge: (id: string, question: string, answer: string) =>
    call<KnowledgeEntry>('POST', `/api/v1/assistants/${enc(id)}/knowledge`, { question, answer }),
  updateKnowledge: (id: string, kid: string, question: string, answer: string) =>
    call<KnowledgeEntry>('PUT', `/api/v1/assistants/${enc(id)}/knowledge/${enc(kid)}`, { question, answer }),
  deleteKnowledge: (id: string, kid: string) =>
    call<void>('DELETE', `/api/v1/assistants/${enc(id)}/knowledge/${enc(kid)}`),

  importKnowledge: (id: string, body: string, csv: boolean, replace: boolean) =>
    callRaw<{ imported: number }>(
      'POST',
      `/api/v1/assistants/${enc(id)}/knowledge/import?mode=${replace ? 'replace' : 'append'}`,
      body,
      csv ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
    ),
  exportUrl: (id: string, format: 'json' | 'csv') => `/api/v1/assistants/${enc(id)}/knowledge/export?format=${format}`,
  playground: (id: string, text: string) =>
    call<PlaygroundAnswer>('POST', `/api/v1/assistants/${enc(id)}/playground`, { text }),

  // Newest activity first; `before` is the previous page's next_cursor.
  conversations: (view: View, before?: string, label?: string) =>
    call<ConversationPage>(
      'GET',
      `/api/v1/conversations?view=${view}&limit=${kConversationPage}` +
        (before ? `&before=${enc(before)}` : '') +
        (label ? `&label=${enc(label)}` : ''),
    ).then((r) => ({ conversations: r.conversations, next_cursor: r.next_cursor ?? null })),
  conversation: (id: string) => call<Conversation>('GET', `/api/v1/conversations/${enc(id)}`),
  // The last `limit` messages before seq `beforeSeq`, in seq order.
  messagesBefore: (id: string, beforeSeq: number, limit = kHistoryPage) =>
    call<{ messages: Message[] }>(
      'GET',
      `/api/v1/conversations/${enc(id)}/messages?before_seq=${beforeSeq}&limit=${limit}`,
    ).then((r) => r.messages),
  // Everything after seq `afterSeq` (catching up after a reconnection), up to `limit`.
  messagesAfter: (id: string, afterSeq: number, limit = kCatchUpLimit) =>
    call<{ messages: Message[] }>(
      'GET',
      `/api/v1/conversations/${enc(id)}/messages?after_seq=${afterSeq}&limit=${limit}`,
    ).then((r) => r.messages),
  send: (id: string, text: string) => call<Message>('POST', `/api/v1/conversations/${enc(id)}/messages`, { text }),
  // The largest picture and file the server takes, as the assistant's widget is told (absent
  // when the server keeps no files).
  fileLimits: (assistantId: string) =>
    call<{ files?: FileLimits }>('GET', `/api/v1/widget/assistants/${enc(assistantId)}/config`).then((r) => r.files),
  // A file as the agent's message (taking the conversation over, as a message does); the same
  // clientId again answers the same message.
  upload: (id: string, file: File, clientId: string, onProgress: (fraction: number) => void) =>
    signedOutOn401(() =>
      uploadFile<Message>(
        uploadPath(`/api/v1/conversations/${enc(id)}/attachments`, file, clientId),
        file,
        { 'X-CSRF-Token': csrfToken() },
        true,
        onProgress,
      ),
    ),
  takeOver: (id: string, force = false) =>
    call<Conversation>('POST', `/api/v1/conversations/${enc(id)}/takeover`, force ? { force } : undefined),
  transfer: (id: string, request: TransferRequest) =>
    call<Conversation>('POST', `/api/v1/conversations/${enc(id)}/transfer`, request),
  // Done; `survey: false` is "Done without survey".
  done: (id: string, survey = true) =>
    call<Conversation>('POST', `/api/v1/conversations/${enc(id)}/done`, survey ? undefined : { csat: false }),
  reactivate: (id: string) => call<Conversation>('POST', `/api/v1/conversations/${enc(id)}/reactivate`),
  typing: (id: string) => call<void>('POST', `/api/v1/conversations/${enc(id)}/typing`),
  notes: (id: string) => call<{ notes: Note[] }>('GET', `/api/v1/conversations/${enc(id)}/notes`).then((r) => r.notes),
  addNote: (id: string, text: string, mentions: string[]) =>
    call<Note>('POST', `/api/v1/conversations/${enc(id)}/notes`, { text, mentions }),
  mentions: (unread: boolean) =>
    call<{ mentions: Mention[] }>('GET', `/api/v1/me/mentions?unread=${unread}`).then((r) => r.mentions),
  readMention: (id: string) => call<Mention>('POST', `/api/v1/me/mentions/${enc(id)}/read`),
  cannedReplies: (query: { q?: string; conversationId?: string; limit?: number }) => {
    const params = new URLSearchParams();
    if (query.q) params.set('q', query.q);
    if (query.limit) params.set('limit', String(query.limit));
    if (query.conversationId) params.set('conversation_id', query.conversationId);
    return call<{ canned_replies: CannedReply[] }>('GET', `/api/v1/canned_replies?${params}`).then(
      (r) => r.canned_replies,
    );
  },
  saveCannedReply: (reply: { id?: string; shortcut: string; text: string; assistant_id: string | null }) =>
    reply.id
      ? call<CannedReply>('PUT', `/api/v1/canned_replies/${enc(reply.id)}`, reply)
      : call<CannedReply>('POST', '/api/v1/canned_replies', reply),
  deleteCannedReply: (id: string) => call<void>('DELETE', `/api/v1/canned_replies/${enc(id)}`),
  // Outgoing webhooks (admins; team operations §4.11).
  webhooks: () => call<{ webhooks: Webhook[] }>('GET', '/api/v1/webhooks').then((r) => r.webhooks),
  createWebhook: (url: string, events: string[], description: string) =>
    call<Webhook & { secret: string }>('POST', '/api/v1/webhooks', { url, events, description }),
  updateWebhook: (id: string, patch: { enabled?: boolean; events?: string[]; url?: string }) =>
    call<Webhook>('PATCH', `/api/v1/webhooks/${enc(id)}`, patch),
  deleteWebhook: (id: string) => call<void>('DELETE', `/api/v1/webhooks/${enc(id)}`),
  testWebhook: (id: string) => call<WebhookDelivery>('POST', `/api/v1/webhooks/${enc(id)}/test`),
  webhookDeliveries: (id: string, status: string) =>
    call<{ deliveries: WebhookDelivery[] }>(
      'GET',
      `/api/v1/webhooks/${enc(id)}/deliveries${status ? `?status=${enc(status)}` : ''}`,
    ).then((r) => r.deliveries),
  retryDelivery: (id: string, deliveryId: string) =>
    call<WebhookDelivery>('POST', `/api/v1/webhooks/${enc(id)}/deliveries/${enc(deliveryId)}/retry`),
  labels: () => call<{ labels: Label[] }>('GET', '/api/v1/labels').then((r) => r.labels),
  createLabel: (name: string, color: string) => call<Label>('POST', '/api/v1/labels', { name, color }),
  deleteLabel: (name: string) => call<void>('DELETE', `/api/v1/labels/${enc(name)}`),
  setLabels: (id: string, labels: string[]) =>
    call<Conversation>('PUT', `/api/v1/conversations/${enc(id)}/labels`, { labels }),
  enableWebhook: (id: string) => call<Webhook>('PATCH', `/api/v1/webhooks/${enc(id)}`, { enabled: true }),
};

export { ApiError };

export function agentSocketUrl(): string {
  const url = new URL('/api/v1/agent/ws', location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}
