// The console's live picture of every conversation: the list (kept current by the agent
// socket), unread counts, the open conversation's history, handoff popups and typing.
// After every (re)connection it reloads the list and the open history from after_seq, so a
// dropped socket never leaves a stale screen.
import { lastOf, mergeMessages } from '../shared/format';
import { ReconnectingSocket } from '../shared/reconnect';
import type { Conversation, Message } from '../shared/types';
import { agentSocketUrl, api, type Agent, type View } from './api';

export interface InboxState {
  conversations: Conversation[]; // newest activity first
  agents: Map<string, Agent>;
  openId: string | null;
  openMessages: Message[];
  popups: Conversation[];
  customerTyping: Set<string>;
  unread: Map<string, number>;
  connected: boolean;
  agentsOnline: Map<string, number>;
}

export interface HandoffAlert {
  conversation: Conversation;
}

const kSeenKey = 'baton:seen';
const kTypingShownMs = 5000;

export const inView = (c: Conversation, view: View): boolean =>
  view === 'all' ||
  (view === 'live_agent' && (c.status === 'waiting' || c.status === 'live')) ||
  (view === 'ai' && c.status === 'ai') ||
  (view === 'done' && c.status === 'done');

export class Inbox {
  private byId = new Map<string, Conversation>();
  private seen: Record<string, number> = JSON.parse(localStorage.getItem(kSeenKey) ?? 'null') ?? {};
  private firstVisit = localStorage.getItem(kSeenKey) === null;
  private typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private listeners = new Set<() => void>();
  private socket: ReconnectingSocket;
  state: InboxState = {
    conversations: [],
    agents: new Map(),
    openId: null,
    openMessages: [],
    popups: [],
    customerTyping: new Set(),
    unread: new Map(),
    connected: false,
    agentsOnline: new Map(),
  };

  constructor(private readonly onHandoff: (alert: HandoffAlert) => void) {
    this.socket = new ReconnectingSocket({
      url: agentSocketUrl,
      onOpen: () => {
        this.set({ connected: true });
        void this.resync();
      },
      onFrame: (frame) => this.onFrame(frame),
      onDown: () => this.set({ connected: false }),
    });
  }

  start(): void {
    void this.resync();
    this.socket.start();
  }

  stop(): void {
    this.socket.stop();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async open(id: string | null): Promise<void> {
    this.set({ openId: id, openMessages: [] });
    if (!id) return;
    try {
      const [conversation, messages] = await Promise.all([api.conversation(id), api.messages(id, 0)]);
      if (this.state.openId !== id) return;
      this.upsert(conversation);
      this.set({ openMessages: mergeMessages([], messages) });
      this.markSeen(conversation);
    } catch {
      // An unknown id shows the empty pane.
    }
  }

  // After our own action the answer is the newest state: show it without waiting for the socket.
  apply(conversation: Conversation): void {
    this.upsert(conversation);
  }

  addOwnMessage(message: Message): void {
    // The socket may have brought it first, and since then a newer copy (its LINE delivery).
    if (this.state.openMessages.some((m) => m.id === message.id)) return;
    this.onMessage(message);
  }

  dismissPopup(id: string): void {
    this.set({ popups: this.state.popups.filter((c) => c.id !== id) });
  }

  agentName(id: string | null | undefined): string {
    return (id && this.state.agents.get(id)?.name) || '';
  }

  async refreshAgents(): Promise<void> {
    const agents = await api.agents();
    this.set({ agents: new Map(agents.map((a) => [a.id, a])) });
  }

  private async resync(): Promise<void> {
    try {
      const [all, live, agents] = await Promise.all([
        api.conversations('all'),
        api.conversations('live_agent'),
        api.agents(),
      ]);
      for (const c of [...all, ...live]) this.byId.set(c.id, c);
      if (this.firstVisit) {
        // A first login starts with nothing unread rather than every past message.
        for (const c of this.byId.values()) this.seen[c.id] = c.last_seq;
        this.firstVisit = false;
        this.saveSeen();
      }
      this.set({ agents: new Map(agents.map((a) => [a.id, a])) });
      this.publishList();
      const openId = this.state.openId;
      if (openId) {
        const after = lastOf(this.state.openMessages)?.seq ?? 0;
        const missed = await api.messages(openId, after);
        if (this.state.openId === openId) this.set({ openMessages: mergeMessages(this.state.openMessages, missed) });
      }
    } catch {
      // The next reconnection tries again.
    }
  }

  private onFrame(frame: { type: string; [key: string]: unknown }): void {
    switch (frame.type) {
      case 'conversation.updated':
        this.upsert(frame.conversation as Conversation);
        break;
      case 'message.created':
        this.onMessage(frame.message as Message);
        break;
      case 'message.updated':
        this.onMessageUpdated(frame.message as Message);
        break;
      case 'handoff.requested': {
        const conversation = frame.conversation as Conversation;
        this.upsert(conversation);
        this.set({ popups: [...this.state.popups.filter((c) => c.id !== conversation.id), conversation] });
        this.onHandoff({ conversation });
        break;
      }
      case 'presence.updated': {
        const online = new Map(this.state.agentsOnline);
        online.set(String(frame.assistant_id), Number(frame.agents_online) || 0);
        this.set({ agentsOnline: online });
        void this.refreshAgents().catch(() => undefined);
        break;
      }
      case 'typing':
        if (frame.sender === 'customer') this.showCustomerTyping(String(frame.conversation_id));
        break;
    }
  }

  private onMessage(message: Message): void {
    const known = this.byId.get(message.conversation_id);
    if (!known) {
      void api.conversation(message.conversation_id).then(
        (c) => this.upsert(c),
        () => undefined,
      );
    } else if (message.seq >= known.last_seq) {
      this.byId.set(known.id, {
        ...known,
        last_seq: message.seq,
        last_message: message,
        updated_at: message.created_at,
      });
      this.publishList();
    }
    if (message.conversation_id === this.state.openId) {
      const messages = mergeMessages(this.state.openMessages, [message]);
      this.set({ openMessages: messages });
      const open = this.byId.get(message.conversation_id);
      if (open) this.markSeen(open);
      // A gap (a frame lost while reconnecting) is filled from the server.
      if (messages.some((m, i) => m.seq !== i + 1)) void this.open(message.conversation_id);
    }
    if (message.sender === 'customer') this.hideCustomerTyping(message.conversation_id);
  }

  // A message changed after it was sent (its delivery to LINE, a file fetched): replace the copy.
  private onMessageUpdated(message: Message): void {
    const known = this.byId.get(message.conversation_id);
    if (known?.last_message?.id === message.id) {
      this.byId.set(known.id, { ...known, last_message: message });
      this.publishList();
    }
    if (message.conversation_id === this.state.openId && this.state.openMessages.some((m) => m.id === message.id)) {
      this.set({ openMessages: this.state.openMessages.map((m) => (m.id === message.id ? message : m)) });
    }
  }

  private upsert(conversation: Conversation): void {
    const known = this.byId.get(conversation.id);
    // Frames and answers may cross: keep the copy with the newer state.
    if (known && known.updated_at > conversation.updated_at && known.last_seq >= conversation.last_seq) return;
    this.byId.set(conversation.id, conversation);
    if (conversation.id === this.state.openId) this.markSeen(conversation);
    // A request someone took (or that ended) is no longer a popup.
    const popups =
      conversation.status === 'waiting' ? this.state.popups : this.state.popups.filter((c) => c.id !== conversation.id);
    this.publishList({ popups });
  }

  private markSeen(conversation: Conversation): void {
    if ((this.seen[conversation.id] ?? 0) >= conversation.last_seq) return;
    this.seen[conversation.id] = conversation.last_seq;
    this.saveSeen();
    this.publishList();
  }

  private saveSeen(): void {
    localStorage.setItem(kSeenKey, JSON.stringify(this.seen));
  }

  private publishList(extra: Partial<InboxState> = {}): void {
    const conversations = Array.from(this.byId.values()).sort((a, b) => (a.updated_at < b.updated_at ? 1 : -1));
    const unread = new Map<string, number>();
    for (const c of conversations) {
      const count = c.last_seq - (this.seen[c.id] ?? 0);
      if (count > 0 && c.id !== this.state.openId) unread.set(c.id, count);
    }
    this.set({ ...extra, conversations, unread });
  }

  private showCustomerTyping(id: string): void {
    clearTimeout(this.typingTimers.get(id));
    this.typingTimers.set(
      id,
      setTimeout(() => this.hideCustomerTyping(id), kTypingShownMs),
    );
    this.set({ customerTyping: new Set(this.state.customerTyping).add(id) });
  }

  private hideCustomerTyping(id: string): void {
    if (!this.state.customerTyping.has(id)) return;
    const typing = new Set(this.state.customerTyping);
    typing.delete(id);
    this.set({ customerTyping: typing });
  }

  private set(patch: Partial<InboxState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}
