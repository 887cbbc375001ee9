// The customer's conversation as the widget holds it: history, sends in flight, status, the
// available-agent count and the socket. Sends carry a client_id, so a retry after a network
// drop never stores a message twice; every (re)connection catches up with after_seq, so a
// message is never lost; messages merge by seq, so none shows twice.
import { skipUnknown, type WidgetEvent } from '../shared/events';
import { newClientId } from '../shared/format';
import { History, type HistoryState } from '../shared/history';
import { ApiError, errorText, isNetworkError } from '../shared/http';
import { kTypingSentEveryMs, kTypingShownMs } from '../shared/limits';
import { outgoingFile, type OutgoingFile } from '../shared/outgoing_file';
import { ReconnectingSocket } from '../shared/reconnect';
import { Store } from '../shared/store';
import type { Conversation, Message } from '../shared/types';
import { canRetry, problemOf } from '../shared/upload';
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
  outgoingFile: OutgoingFile | null; // one file at a time, from its choice to its message
  agentsOnline: number;
  connected: boolean;
  agentTyping: string | null;
  draft: string | null; // the AI's answer while it is being written
  open: boolean;
  unread: number;
  offlineSent: boolean;
  error: string | null;
  // Surveys this page could not take an answer for: answered elsewhere, or closed.
  surveysClosed: Record<string, 'already_rated' | 'survey_expired'>;
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

// History requests: a page at a time, however long it is (a widget holds the whole conversation).
const kHistoryPage = 200;
const kMaxConfigRetryMs = 30_000;
const kConfigJitterMs = 3000;
const kFirstSocketWaitMs = 2000;

export class ChatSession {
  readonly store = new Store<ChatState>({
    config: null,
    conversation: null,
    queuePosition: null,
    messages: [],
    pending: [],
    outgoingFile: null,
    agentsOnline: 0,
    connected: false,
    agentTyping: null,
    draft: null,
    open: false,
    unread: 0,
    offlineSent: false,
    error: null,
    surveysClosed: {},
  });
  private readonly history: History;
  private historyShown = false; // what comes after the first history counts as unread
  private socket: ReconnectingSocket<WidgetEvent> | null = null;
  private starting: Promise<void> | null = null;
  private typingTimer: ReturnType<typeof setTimeout> | null = null;
  private lastTypingSent = 0;
  private draftChars = 0; // of state.draft, in Unicode characters as the server counts them

  constructor(
    private readonly api: WidgetApi,
    private readonly storage: { token: Storage; open: Storage },
    private readonly assistantId: string,
    // An e-mail's resume link (/r/{token}): the chat it names opens at once, once.
    private resumeToken: string | null = null,
  ) {
    this.history = new History(
      { before: (seq, limit) => api.messagesBefore(seq, limit), after: (seq, limit) => api.messagesAfter(seq, limit) },
      { from: 'first', earlierPage: kHistoryPage, laterPage: kHistoryPage, catchUpLimit: Infinity },
      (history, appended) => this.showHistory(history, appended),
    );
  }

  private get state(): ChatState {
    return this.store.get();
  }

  // Config first (it decides what the launcher shows); a returning visitor's history next.
  // A reload keeps the panel as it was: launcher and panel appear together.
  async boot(): Promise<void> {
    const config = await this.loadConfig();
    if (!config) return;
    const open = this.resumeToken !== null || this.storage.open.getItem(this.key('open')) === '1';
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

  // A file chosen, pasted or dropped: shown for a look before it goes (or refused at once when
  // too large). One being uploaded is not replaced.
  chooseFile(file: File): void {
    const limits = this.state.config?.files;
    if (!limits || this.state.outgoingFile?.state === 'uploading') return;
    this.forgetFile();
    this.update({ outgoingFile: outgoingFile(file, newClientId(), limits) });
  }

  forgetFile(): void {
    const thumbnail = this.state.outgoingFile?.thumbnail;
    if (thumbnail) URL.revokeObjectURL(thumbnail);
    this.update({ outgoingFile: null });
  }

  // Sends the chosen file, or tries a failed one again with the same client_id.
  async sendFile(): Promise<void> {
    const chosen = this.state.outgoingFile;
    if (!chosen || chosen.state === 'uploading' || (chosen.problem && !canRetry(chosen.problem))) return;
    await this.ensureSession();
    const progress = (fraction: number) => this.patchFile(chosen.clientId, { progress: fraction });
    this.patchFile(chosen.clientId, { state: 'uploading', progress: 0, problem: null });
    try {
      const message = await this.api.upload(chosen.file, chosen.clientId, progress);
      this.addMessages([message]);
      if (this.state.outgoingFile?.clientId === chosen.clientId) this.forgetFile();
    } catch (error) {
      this.patchFile(chosen.clientId, { state: 'failed', problem: problemOf(error) });
    }
  }

  // The bytes of a file in the conversation (they need the visitor token).
  fileBlob(path: string): Promise<Blob> {
    return this.api.file(path);
  }

  async requestHandoff(): Promise<void> {
    await this.ensureSession();
    try {
      this.applyCustomerConversation(await this.api.handoff());
    } catch (error) {
      this.showError(error);
    }
  }

  async cancelHandoff(): Promise<void> {
    try {
      this.applyCustomerConversation(await this.api.cancelHandoff());
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

  // The customer's rating of the survey a csat_requested notice carries; the notice then shows
  // it (and so does every other tab, from the server's copy, after a reload).
  async rate(message: Message, score: number, comment: string): Promise<boolean> {
    const survey = message.csat;
    if (!survey) return false;
    try {
      await this.api.rate(survey.survey_id, score, comment);
      this.history.replace({ ...message, csat: { ...survey, score, comment: comment.trim() || null } });
      this.update({ error: null });
      return true;
    } catch (error) {
      if (error instanceof ApiError && (error.code === 'already_rated' || error.code === 'survey_expired')) {
        this.update({ surveysClosed: { ...this.state.surveysClosed, [survey.survey_id]: error.code } });
      } else {
        this.showError(error);
      }
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
      const session = await this.api.startSession(stored, this.resumeToken);
      this.resumeToken = null;
      this.api.token = session.visitor_token;
      this.storage.token.setItem(this.key('token'), session.visitor_token);
    } catch (error) {
      this.showError(error);
      return;
    }
    await this.catchUp(true);
    this.historyShown = true;
    // The first send waits (a little) for the socket: what the server sends at once in reply,
    // such as the AI's draft as it is written, is not stored and would be missed.
    let opened = () => {};
    const open = new Promise<void>((resolve) => {
      opened = resolve;
      setTimeout(resolve, kFirstSocketWaitMs);
    });
    this.socket = new ReconnectingSocket<WidgetEvent>({
      // Each (re)connection resumes after the last message held: the socket sends the rest.
      url: () => this.api.socketUrl(this.history.newestSeq),
      onOpen: () => {
        opened();
        this.update({ connected: true });
        void this.catchUp(false);
      },
      onFrame: (frame) => this.onFrame(frame),
      onDown: () => this.update({ connected: false }),
    });
    this.socket.start();
    await open;
  }

  // What happened while we were away (the messages themselves, unless the socket resuming with
  // after_seq brings them), then any send that did not get through.
  private async catchUp(fetchMessages: boolean): Promise<void> {
    try {
      if (fetchMessages) await this.history.catchUp();
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

  private onFrame(frame: WidgetEvent): void {
    switch (frame.type) {
      case 'message.created':
        this.addMessages([frame.message]);
        break;
      case 'conversation.updated': {
        const conversation = frame.conversation;
        const known = this.state.conversation;
        // A frame older than the copy in hand (they may cross an HTTP answer) changes nothing.
        if (known && known.id === conversation.id && conversation.version < known.version) break;
        this.update({ conversation });
        if (conversation.status !== 'waiting') this.update({ queuePosition: null });
        break;
      }
      case 'presence.updated':
        this.onPresence(frame.agents_online);
        break;
      case 'queue.updated':
        // Only while still waiting: a frame crossing the agent's arrival changes nothing.
        if (this.state.conversation?.status === 'waiting') {
          this.update({ queuePosition: frame.queue_position || null });
        }
        break;
      case 'typing':
        this.showAgentTyping(frame.agent_name ?? '');
        break;
      case 'message.draft':
        this.appendDraft(frame.delta, frame.offset);
        break;
      default:
        skipUnknown(frame);
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

  // Messages from a frame or an answer: a send they deliver is no longer pending; the history
  // shows them once nothing is missing before them.
  private addMessages(messages: Message[]): void {
    const delivered = new Set(messages.map((m) => m.client_id).filter(Boolean));
    if (delivered.size > 0) this.update({ pending: this.state.pending.filter((p) => !delivered.has(p.clientId)) });
    // A file whose message is here has gone, even if the upload's own answer is late or lost.
    const file = this.state.outgoingFile;
    if (file && delivered.has(file.clientId)) this.forgetFile();
    this.history.add(messages);
  }

  private showHistory(history: HistoryState, appended: Message[]): void {
    const fromThem = appended.filter((m) => m.sender !== 'customer').length;
    const countUnread = this.historyShown && !this.state.open;
    this.update({
      messages: history.messages,
      unread: countUnread ? this.state.unread + fromThem : this.state.unread,
      agentTyping: appended.some((m) => m.sender === 'agent') ? null : this.state.agentTyping,
      draft: appended.some((m) => m.sender === 'ai' || m.sender === 'system') ? null : this.state.draft,
    });
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
    this.update({ error: errorText(error) });
  }

  private patchFile(clientId: string, patch: Partial<OutgoingFile>): void {
    const current = this.state.outgoingFile;
    if (current?.clientId === clientId) this.update({ outgoingFile: { ...current, ...patch } });
  }

  private replacePending(clientId: string, state: PendingSend['state']): void {
    this.update({ pending: this.state.pending.map((p) => (p.clientId === clientId ? { ...p, state } : p)) });
  }

  private key(what: string): string {
    return `baton:${this.assistantId}:${what}`;
  }

  private update(patch: Partial<ChatState>): void {
    this.store.update(patch);
  }
}
