// The widget's side of API.md: config, session, messages, handoff, offline message, socket URL.
import { ApiError, requestJson } from '../shared/http';
import type { Conversation, Message } from '../shared/types';
import { uploadFile, uploadPath, type FileLimits } from '../shared/upload';

export interface WidgetConfig {
  assistant_id: string;
  name: string;
  greeting: string;
  live_agent_enabled: boolean;
  agents_online: number;
  offline_message: string;
  open_now?: boolean; // business hours (absent from servers before them: open)
  next_open_at?: string | null;
  files?: FileLimits; // absent when the server keeps no files: the widget offers none
}

export interface CustomerConversation extends Conversation {
  agents_online: number;
  queue_position: number | null;
}

export class WidgetApi {
  token: string | null = null;
  // The widget's language, told to the server on the socket (an e-mail follow-up is written in it).
  lang: string | null = null;

  constructor(
    private readonly base: string,
    private readonly assistantId: string,
  ) {}

  config(): Promise<WidgetConfig> {
    return this.call('GET', `/api/v1/widget/assistants/${encodeURIComponent(this.assistantId)}/config`);
  }

  // An unknown or foreign token gets a new conversation; a valid one the same again. A resume
  // token (an e-mail's link) gets the conversation it names, on a new visitor token.
  startSession(
    token: string | null,
    resumeToken: string | null = null,
  ): Promise<{ visitor_token: string; conversation_id: string }> {
    const body = resumeToken ? { resume_token: resumeToken } : token ? { visitor_token: token } : {};
    return this.call('POST', `/api/v1/widget/assistants/${encodeURIComponent(this.assistantId)}/sessions`, body);
  }

  conversation(): Promise<CustomerConversation> {
    return this.call('GET', '/api/v1/widget/conversation');
  }

  // The first `limit` messages after seq `afterSeq`.
  messagesAfter(afterSeq: number, limit: number): Promise<Message[]> {
    return this.messages(`after_seq=${afterSeq}&limit=${limit}`);
  }

  // The last `limit` messages before seq `beforeSeq`.
  messagesBefore(beforeSeq: number, limit: number): Promise<Message[]> {
    return this.messages(`before_seq=${beforeSeq}&limit=${limit}`);
  }

  send(text: string, clientId: string): Promise<Message> {
    return this.call('POST', '/api/v1/widget/messages', { text, client_id: clientId });
  }

  // Sends a file as a customer's message; the same clientId again answers the same message.
  upload(file: File, clientId: string, onProgress: (fraction: number) => void): Promise<Message> {
    const url = new URL(uploadPath('/api/v1/widget/attachments', file, clientId), this.base).toString();
    return uploadFile<Message>(url, file, this.authorization(), false, onProgress);
  }

  // A file of the conversation (an attachment's url or preview_url): it needs the visitor token,
  // which an <img src> cannot send, so it is fetched and shown from a blob.
  async file(path: string): Promise<Blob> {
    const response = await fetch(new URL(path, this.base).toString(), {
      headers: this.authorization(),
      credentials: 'omit',
    });
    if (!response.ok) throw new ApiError(response.status, 'http_' + response.status, response.statusText);
    return response.blob();
  }

  handoff(): Promise<CustomerConversation> {
    return this.call('POST', '/api/v1/widget/handoff');
  }

  // Withdraws a request for a person nobody took yet: the AI answers again.
  cancelHandoff(): Promise<CustomerConversation> {
    return this.call('POST', '/api/v1/widget/handoff/cancel');
  }

  leaveMessage(name: string, contact: string, text: string): Promise<Message> {
    return this.call('POST', '/api/v1/widget/offline_message', { name, contact, text });
  }

  // The customer's answer to a satisfaction survey (409 already_rated / survey_expired).
  rate(surveyId: string, score: number, comment: string): Promise<unknown> {
    const body = comment.trim() ? { survey_id: surveyId, score, comment } : { survey_id: surveyId, score };
    return this.call('POST', '/api/v1/widget/csat', body);
  }

  typing(): Promise<void> {
    return this.call('POST', '/api/v1/widget/typing');
  }

  // The socket resumes after `afterSeq`: the server sends what was stored since, then live events.
  socketUrl(afterSeq: number): string {
    const url = new URL('/api/v1/widget/ws', this.base);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('token', this.token ?? '');
    url.searchParams.set('after_seq', String(afterSeq));
    if (this.lang) url.searchParams.set('lang', this.lang);
    return url.toString();
  }

  private async messages(query: string): Promise<Message[]> {
    return (await this.call<{ messages: Message[] }>('GET', `/api/v1/widget/messages?${query}`)).messages;
  }

  private call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers = this.authorization();
    if (body !== undefined) headers['Content-Type'] = 'application/json; charset=utf-8';
    return requestJson<T>(new URL(path, this.base).toString(), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit',
    });
  }

  private authorization(): Record<string, string> {
    return this.token ? { Authorization: `Bearer ${this.token}` } : {};
  }
}
