// The customer's conversation as the widget holds it: history, sends in flight, status, the
// available-agent count and the socket. Sends carry a client_id, so a retry after a network
// drop never stores a message twice; every (re)connection catches up with after_seq, so a
// message is never lost; messages merge by seq, so none shows twice.
import { ApiError, isNetworkError } from '../shared/http';
import { mergeMessages, newClientId } from '../shared/format';
import { ReconnectingSocket } from '../shared/reconnect';
import type { Conversation, Message } from '../shared/types';
import type { CustomerConversation, WidgetApi, WidgetConfig } from './api';

export interface PendingSend {
  clientId: string;
  text: string;
  state: 'sending' | 'failed';
}

export interface ChatState {
  config: WidgetConfig | null;
  conversation: Conversation | null;
  queuePosition: number | null;
  messages: Message[];
  pending: PendingSend[];
  agentsOnline: number;
  connected: boolean;
  agentTyping: string | null;
  draft: string | null; // the AI's answer while it is being written
  open: boolean;
  unread: number;
  offlineSent: boolean;
  error: string | null;
}

// Unicode characters (code points), as the server counts a draft's offset.
function characters(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0xdc00 || unit > 0xdfff) count++; // a low surrogate ends a pair already counted
  }
  return count;
}

const kTypingShownMs = 5000;
const kTypingSentEveryMs = 3000;
const kMaxConfigRetryMs = 30_000;
const kConfigJitterMs = 3000;

export class ChatSession {
  private state: ChatState = {
    config: null,
    conversation: null,
    queuePosition: null,
    messages: [],
    pending: [],
    agentsOnline: 0,
    connected: false,
    agentTyping: null,
    draft: null,
    open: false,
    unread: 0,
    offlineSent: false,
    error: null,
  };
  private listeners = new Set<() => void>();
  private socket: ReconnectingSocket | null = null;
  private starting: Promise<void> | null = null;
  private typingTimer: ReturnType<typeof setTimeout> | null = null;
  private lastTypingSent = 0;
  private draftChars = 0; // of state.draft, in Unicode characters as the server counts them

  constructor(
    private readonly api: WidgetApi,
    private readonly storage: { token: Storage; open: Storage },
    private readonly assistantId: string,
  ) {}

  get snapshot(): ChatState {
    return this.state;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // Config first (it decides what the launcher shows); a returning visitor's history next.
  // A reload keeps the panel as it was: launcher and panel appear together.
  async boot(): Promise<void> {
    const config = await this.loadConfig();
    if (!config) return;
    const open = this.storage.open.getItem(this.key('open')) === '1';
    this.update({ config, agentsOnline: config.agents_online, open });
    if (open || this.storage.token.getItem(this.key('token'))) await this.ensureSession();
  }

  // A network hiccup must not cost the page its chat: retry with backoff. An unknown assistant
  // (404) is final, and the widget stays hidden.
  private async loadConfig(): Promise<WidgetConfig | null> {
    for (let delayMs = 1000; ; delayMs = Math.min(delayMs * 2, kMaxConfigRetryMs)) {
      try {
        return await this.api.config();
      } catch (error) {
        if (error instanceof ApiError && error.status >= 400 && error.status < 500) {
          console.warn(`Baton widget: ${error.message}`);
          return null;
        }
      }
      await new Promise((retry) => setTimeout(retry, delayMs));
    }
  }

  setOpen(open: boolean): void {
    this.storage.open.setItem(this.key('open'), open ? '1' : '0');
    this.update({ open, unread: open ? 0 : this.state.unread });
    if (open) void this.ensureSession();
  }

  async send(text: string): Promise<void> {
    const trimmed = text.trim();
    if (!trimmed) return;
    await this.ensureSession();
    const pending: PendingSend = { clientId: newClientId(), text: trimmed, state: 'sending' };
    this.update({ pending: [...this.state.pending, pending] });
    await this.deliver(pending);
  }

  retry(clientId: string): void {
    const pending = this.state.pending.find((p) => p.clientId === clientId);
    if (pending) void this.deliver(pending);
  }

  async requestHandoff(): Promise<void> {
    await this.ensureSession();
    try {
      this.applyCustomerConversation(await this.api.handoff());
    } catch (error) {
      this.showError(error);
    }
  }

  async leaveMessage(name: string, contact: string, text: string): Promise<boolean> {
    await this.ensureSession();
    try {
      const message = await this.api.leaveMessage(name, contact, text);
      this.addMessages([message]);
      this.update({ offlineSent: true, error: null });
      this.applyCustomerConversation(await this.api.conversation());
      return true;
    } catch (error) {
      this.showError(error);
      return false;
    }
  }

  // Tells the agent the customer is typing, at most once every few seconds.
  typing(): void {
    const now = Date.now();
    if (!this.api.token || now - this.lastTypingSent < kTypingSentEveryMs) return;
    this.lastTypingSent = now;
    this.api.typing().catch(() => undefined);
  }

  private ensureSession(): Promise<void> {
    if (this.api.token) return Promise.resolve();
    this.starting ??= this.startSession().finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  private async startSession(): Promise<void> {
    const stored = this.storage.token.getItem(this.key('token'));
    try {
      const session = await this.api.startSession(stored);
      this.api.token = session.visitor_token;
      this.storage.token.setItem(this.key('token'), session.visitor_token);
    } catch (error) {
      this.showError(error);
      return;
    }
    await this.catchUp(false, true);
    this.socket = new ReconnectingSocket({
      // Each (re)connection resumes after the last message held: the socket sends the rest.
      url: () => this.api.socketUrl(this.lastSeq()),
      onOpen: () => {
        this.update({ connected: true });
        void this.catchUp(true, false);
      },
      onFrame: (frame) => this.onFrame(frame),
      onDown: () => this.update({ connected: false }),
    });
    this.socket.start();
  }

  // What happened while we were away (the messages themselves, unless the socket resuming with
  // after_seq brings them), then any send that did not get through.
  private async catchUp(countUnread: boolean, fetchMessages: boolean): Promise<void> {
    try {
      if (fetchMessages) this.addMessages(await this.api.messagesAfter(this.lastSeq()), countUnread);
      this.applyCustomerConversation(await this.api.conversation());
    } catch {
      return; // the socket's next (re)connection tries again
    }
    for (const pending of this.state.pending) {
      if (pending.state === 'failed') void this.deliver(pending);
    }
  }

  private async deliver(pending: PendingSend): Promise<void> {
    this.replacePending(pending.clientId, 'sending');
    try {
      const message = await this.api.send(pending.text, pending.clientId);
      this.addMessages([message]);
      this.update({ error: null });
    } catch (error) {
      this.replacePending(pending.clientId, 'failed');
      if (!isNetworkError(error)) this.showError(error);
    }
  }

  private onFrame(frame: { type: string; [key: string]: unknown }): void {
    switch (frame.type) {
      case 'message.created':
        this.addMessages([frame.message as Message], true);
        break;
      case 'conversation.updated': {
        const conversation = frame.conversation as Conversation;
        const known = this.state.conversation;
        // A frame older than the copy in hand (they may cross an HTTP answer) changes nothing.
        if (known && known.id === conversation.id && conversation.version < known.version) break;
        this.update({ conversation });
        if (conversation.status !== 'waiting') this.update({ queuePosition: null });
        break;
      }
      case 'presence.updated':
        this.onPresence(Number(frame.agents_online) || 0);
        break;
      case 'queue.updated':
        // Only while still waiting: a frame crossing the agent's arrival changes nothing.
        if (this.state.conversation?.status === 'waiting') {
          this.update({ queuePosition: Number(frame.queue_position) || null });
        }
        break;
      case 'typing':
        if (frame.sender === 'agent') this.showAgentTyping(String(frame.agent_name ?? ''));
        break;
      case 'message.draft':
        this.appendDraft(String(frame.delta ?? ''), Number(frame.offset));
        break;
    }
  }

  // The count flips live at opening and closing (team operations §4.9). Agents on duty mean the
  // team is open; a drop to none may be the closing, so the config says when it opens again
  // (fetched a moment apart across widgets, not all at once).
  private onPresence(agentsOnline: number): void {
    const config = this.state.config;
    const before = this.state.agentsOnline;
    this.update({ agentsOnline });
    if (!config) return;
    if (agentsOnline > 0 && config.open_now === false) {
      this.update({ config: { ...config, open_now: true, next_open_at: null } });
    } else if (agentsOnline === 0 && before > 0) {
      setTimeout(() => void this.refreshConfig(), Math.random() * kConfigJitterMs);
    }
  }

  private async refreshConfig(): Promise<void> {
    try {
      const config = await this.api.config();
      this.update({ config: { ...this.state.config, ...config } });
    } catch {
      // The opening time stays unknown until the next change; the count is right anyway.
    }
  }

  // A draft frame carries only the text added after `offset` characters. One that does not
  // continue the draft shown (a frame was missed) is ignored: the finished message replaces the
  // draft anyway.
  private appendDraft(delta: string, offset: number): void {
    if (offset === 0) {
      this.draftChars = characters(delta);
      this.update({ draft: delta });
    } else if (this.state.draft !== null && offset === this.draftChars) {
      this.draftChars += characters(delta);
      this.update({ draft: this.state.draft + delta });
    }
  }

  private addMessages(messages: Message[], countUnread = false): void {
    const before = this.lastSeq();
    const merged = mergeMessages(this.state.messages, messages);
    const fresh = messages.filter((m) => m.seq > before);
    const delivered = new Set(messages.map((m) => m.client_id).filter(Boolean));
    const pending = this.state.pending.filter((p) => !delivered.has(p.clientId));
    const fromThem = fresh.filter((m) => m.sender !== 'customer').length;
    const unread = countUnread && !this.state.open ? this.state.unread + fromThem : this.state.unread;
    const agentTyping = fresh.some((m) => m.sender === 'agent') ? null : this.state.agentTyping;
    const draft = fresh.some((m) => m.sender === 'ai' || m.sender === 'system') ? null : this.state.draft;
    this.update({ messages: merged, pending, unread, agentTyping, draft });
    // A seq gap means a frame went missing: fetch from the end of the unbroken run.
    const unbroken = merged.findIndex((m, i) => m.seq !== i + 1);
    if (unbroken >= 0 && this.api.token) {
      void this.api
        .messagesAfter(unbroken)
        .then((missing) => this.update({ messages: mergeMessages(this.state.messages, missing) }))
        .catch(() => undefined);
    }
  }

  // An HTTP answer may have been computed before a socket frame that is already here: the
  // conversation with the higher version wins, and while connected the socket alone keeps the
  // agent count.
  private applyCustomerConversation(view: CustomerConversation): void {
    const known = this.state.conversation;
    const newer = !known || known.id !== view.id || view.version >= known.version;
    this.update({
      conversation: newer ? view : known,
      queuePosition: newer ? view.queue_position : this.state.queuePosition,
      agentsOnline: this.socket?.connected ? this.state.agentsOnline : view.agents_online,
    });
  }

  private showAgentTyping(name: string): void {
    if (this.typingTimer) clearTimeout(this.typingTimer);
    this.update({ agentTyping: name });
    this.typingTimer = setTimeout(() => this.update({ agentTyping: null }), kTypingShownMs);
  }

  private showError(error: unknown): void {
    this.update({ error: error instanceof ApiError ? error.message : String(error) });
  }

  private replacePending(clientId: string, state: PendingSend['state']): void {
    this.update({ pending: this.state.pending.map((p) => (p.clientId === clientId ? { ...p, state } : p)) });
  }

  private lastSeq(): number {
    const messages = this.state.messages;
    return messages.length ? messages[messages.length - 1].seq : 0;
  }

  private key(what: string): string {
    return `baton:${this.assistantId}:${what}`;
  }

  private update(patch: Partial<ChatState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}
