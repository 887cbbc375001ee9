// The console's live picture of every conversation: the list (kept current by the agent
// socket), unread counts, the open conversation's history, handoff popups and typing.
// Lists come a page at a time (newest activity first) and history from the newest message
// back. After every (re)connection it reloads the first pages and the open history from
// after_seq, so a dropped socket never leaves a stale screen.
import { lastOf, mergeMessages } from '../shared/format';
import { ReconnectingSocket } from '../shared/reconnect';
import type { Conversation, Message } from '../shared/types';
import { agentSocketUrl, api, kCatchUpLimit, kNewestSeq, type Agent, type Assistant, type View } from './api';

// Where a view's list stands: not loaded yet (absent), more to fetch (the cursor), or complete (null).
export type ListCursors = Partial<Record<View, string | null>>;

export interface InboxState {
  conversations: Conversation[]; // newest activity first
  cursors: ListCursors;
  loadingMore: boolean;
  agents: Map<string, Agent>;
  assistants: Map<string, Assistant>; // for their routing settings (default capacity)
  openId: string | null;
  openMessages: Message[]; // consecutive seqs, up to the newest
  openHasEarlier: boolean; // messages before openMessages[0] exist
  loadingEarlier: boolean;
  popups: Conversation[];
  assignments: Assignment[]; // conversations given to this agent (auto, transfer, admin) not yet seen
  customerTyping: Set<string>;
  unread: Map<string, number>;
  connected: boolean;
  agentsOnline: Map<string, number>;
}

export interface HandoffAlert {
  conversation: Conversation;
  note?: string;
}

export type AssignedBy = 'auto' | 'claim' | 'transfer' | 'admin' | 'reactivate';

// A conversation.assigned frame: sent to the assignee only.
export interface Assignment {
  conversation: Conversation;
  agentId: string;
  previousAgentId: string | null;
  by: AssignedBy;
  note: string | null;
}

// Given by someone else (or by Baton): worth the chime; a claim or a reopening is one's own doing.
const kAnnouncedAssignments: ReadonlySet<AssignedBy> = new Set(['auto', 'transfer', 'admin']);
// Loads (GET /agents live_count) are re-read at most this often while conversations change hands.
const kAgentsRefreshMs = 400;

const kSeenKey = 'baton:seen';
const kTypingShownMs = 5000;

export const inView = (c: Conversation, view: View): boolean =>
  view === 'all' ||
  (view === 'live_agent' && (c.status === 'waiting' || c.status === 'live')) ||
  (view === 'ai' && c.status === 'ai') ||
  (view === 'done' && c.status === 'done');

// Each waiting customer's place in their assistant's queue (team operations §4.3): live requests
// by handoff time, then id, as the server ranks them; offline requests are not ranked. Only the
// conversations loaded are counted, which the Live Agent view always has first.
export function queuePositions(conversations: Conversation[]): Map<string, number> {
  const key = (c: Conversation) => `${c.handoff_requested_at} ${c.id}`; // fixed-width times: text order is time order
  const waiting = conversations
    .filter((c) => c.status === 'waiting' && !c.offline_request && c.handoff_requested_at)
    .sort((a, b) => (key(a) < key(b) ? -1 : 1));
  const next = new Map<string, number>();
  const places = new Map<string, number>();
  for (const c of waiting) {
    const place = (next.get(c.assistant_id) ?? 0) + 1;
    next.set(c.assistant_id, place);
    places.set(c.id, place);
  }
  return places;
}

export class Inbox {
  private byId = new Map<string, Conversation>();
  private seen: Record<string, number> = JSON.parse(localStorage.getItem(kSeenKey) ?? 'null') ?? {};
  private firstVisit = localStorage.getItem(kSeenKey) === null;
  private typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private listeners = new Set<() => void>();
  private socket: ReconnectingSocket;
  private pagesLoaded = new Map<View, number>();
  private requested = new Set<View>(['all', 'live_agent']); // start() loads these
  private agentsTimer: ReturnType<typeof setTimeout> | null = null;
  state: InboxState = {
    conversations: [],
    cursors: {},
    loadingMore: false,
    agents: new Map(),
    assistants: new Map(),
    openId: null,
    openMessages: [],
    openHasEarlier: false,
    loadingEarlier: false,
    popups: [],
    assignments: [],
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
      onDown: () => {
        this.set({ connected: false });
        this.checkSession();
      },
    });
  }

  start(): void {
    void this.resync();
    this.socket.start();
  }

  stop(): void {
    this.socket.stop();
    if (this.agentsTimer) clearTimeout(this.agentsTimer);
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // Opens a conversation on its newest messages; earlier ones come with loadEarlier().
  async open(id: string | null): Promise<void> {
    this.set({ openId: id, openMessages: [], openHasEarlier: false, loadingEarlier: false });
    if (!id) return;
    try {
      const [conversation, messages] = await Promise.all([api.conversation(id), api.messagesBefore(id, kNewestSeq)]);
      if (this.state.openId !== id) return;
      this.upsert(conversation);
      // Frames that arrived while the page was on its way are kept.
      this.showHistory(mergeMessages(messages, this.state.openMessages));
      this.markSeen(conversation);
    } catch {
      // An unknown id shows the empty pane.
    }
  }

  // The page of history just before the oldest message shown.
  async loadEarlier(): Promise<void> {
    const id = this.state.openId;
    const first = this.state.openMessages[0];
    if (!id || !first || !this.state.openHasEarlier || this.state.loadingEarlier) return;
    this.set({ loadingEarlier: true });
    try {
      const earlier = await api.messagesBefore(id, first.seq);
      if (this.state.openId !== id) return;
      this.showHistory(mergeMessages(this.state.openMessages, earlier), { loadingEarlier: false });
    } catch {
      if (this.state.openId === id) this.set({ loadingEarlier: false });
    }
  }

  // The first page of a view's list, once; the rest comes with loadMore().
  showView(view: View): void {
    if (this.requested.has(view)) return;
    this.requested.add(view);
    this.loadPage(view).catch(() => this.requested.delete(view));
  }

  async loadMore(view: View): Promise<void> {
    const cursor = this.state.cursors[view];
    if (typeof cursor !== 'string' || this.state.loadingMore) return;
    this.set({ loadingMore: true });
    try {
      await this.loadPage(view, cursor);
    } catch {
      // The button stays for another try.
    } finally {
      this.set({ loadingMore: false });
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
    this.set({
      popups: this.state.popups.filter((c) => c.id !== id),
      assignments: this.state.assignments.filter((a) => a.conversation.id !== id),
    });
  }

  agentName(id: string | null | undefined): string {
    return (id && this.state.agents.get(id)?.name) || '';
  }

  async refreshAgents(): Promise<void> {
    const agents = await api.agents();
    this.set({ agents: new Map(agents.map((a) => [a.id, a])) });
  }

  // Loads change whenever a conversation changes hands or ends: one re-read for a burst of them.
  private refreshAgentsSoon(): void {
    if (this.agentsTimer) return;
    this.agentsTimer = setTimeout(() => {
      this.agentsTimer = null;
      void this.refreshAgents().catch(() => undefined);
    }, kAgentsRefreshMs);
  }

  // The first page of every view shown so far (All and Live Agent always: the counts and
  // popups need them); pages further down keep their cursor, since whatever changed meanwhile
  // moved to the top.
  private async resync(): Promise<void> {
    try {
      const views = new Set<View>(['all', 'live_agent', ...(Object.keys(this.state.cursors) as View[])]);
      const [agents, assistants] = await Promise.all([
        api.agents(),
        api.assistants(),
        ...Array.from(views, (view) => this.loadPage(view)),
      ]);
      this.firstVisit = false;
      this.set({
        agents: new Map(agents.map((a) => [a.id, a])),
        assistants: new Map(assistants.map((a) => [a.id, a])),
      });
      const openId = this.state.openId;
      if (openId) await this.catchUp(openId);
    } catch {
      // The next reconnection tries again.
    }
  }

  // A page of a view's list into the picture; without `before`, its first page.
  private async loadPage(view: View, before?: string): Promise<void> {
    const page = await api.conversations(view, before);
    for (const c of page.conversations) this.keepNewer(c);
    if (this.firstVisit) {
      // A first login starts with nothing unread rather than every past message.
      for (const c of page.conversations) this.seen[c.id] = c.last_seq;
      this.saveSeen();
    }
    const pages = before ? (this.pagesLoaded.get(view) ?? 0) + 1 : Math.max(1, this.pagesLoaded.get(view) ?? 0);
    const deeper = !before && pages > 1;
    this.pagesLoaded.set(view, pages);
    this.publishList({
      cursors: { ...this.state.cursors, [view]: deeper ? this.state.cursors[view] : page.next_cursor },
    });
  }

  // Messages after the newest one shown (a reconnection, a frame lost); when too many were
  // missed to fetch at once, the conversation opens again on its newest page.
  private async catchUp(id: string): Promise<void> {
    const after = lastOf(this.state.openMessages)?.seq;
    const missed = after === undefined ? await api.messagesBefore(id, kNewestSeq) : await api.messagesAfter(id, after);
    if (this.state.openId !== id) return;
    if (missed.length >= kCatchUpLimit) {
      this.showHistory(await api.messagesBefore(id, kNewestSeq));
    } else {
      this.showHistory(mergeMessages(this.state.openMessages, missed));
    }
  }

  // The open history, cut to its newest run of consecutive seqs (a gap is never shown).
  private showHistory(messages: Message[], extra: Partial<InboxState> = {}): void {
    let start = messages.length - 1;
    while (start > 0 && messages[start - 1].seq === messages[start].seq - 1) start -= 1;
    const shown = messages.slice(Math.max(start, 0));
    this.set({ ...extra, openMessages: shown, openHasEarlier: (shown[0]?.seq ?? 1) > 1 });
  }

  // Whether the session still holds: a socket closed by the server (code 4401, the session
  // ended) or refused cannot say why to the page, so ask; a 401 signs the console out.
  private checkSession(): void {
    api.me().catch(() => undefined); // the api module announces a 401 (kSignedOutEvent)
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
      case 'conversation.assigned':
        this.onAssigned(frame);
        break;
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

  private onAssigned(frame: { [key: string]: unknown }): void {
    const assignment: Assignment = {
      conversation: frame.conversation as Conversation,
      agentId: String(frame.agent_id),
      previousAgentId: typeof frame.previous_agent_id === 'string' ? frame.previous_agent_id : null,
      by: frame.by as AssignedBy,
      note: typeof frame.note === 'string' && frame.note ? frame.note : null,
    };
    this.upsert(assignment.conversation);
    this.refreshAgentsSoon();
    if (!kAnnouncedAssignments.has(assignment.by)) return;
    const id = assignment.conversation.id;
    this.set({ assignments: [...this.state.assignments.filter((a) => a.conversation.id !== id), assignment] });
    this.onHandoff({ conversation: assignment.conversation, note: assignment.note ?? undefined });
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
      const newest = lastOf(this.state.openMessages)?.seq;
      if (newest === undefined || message.seq <= newest + 1) {
        this.set({ openMessages: mergeMessages(this.state.openMessages, [message]) });
      } else {
        // A gap (a frame lost while reconnecting) is filled from the server.
        void this.catchUp(message.conversation_id).catch(() => undefined);
      }
      const open = this.byId.get(message.conversation_id);
      if (open) this.markSeen(open);
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

  // Frames and answers may cross: keep the copy with the newer state (the higher version; at the
  // same version, the one that has seen more messages, since a message frame moves last_seq here).
  private keepNewer(conversation: Conversation): boolean {
    const known = this.byId.get(conversation.id);
    const older =
      known !== undefined &&
      (conversation.version < known.version ||
        (conversation.version === known.version && conversation.last_seq < known.last_seq));
    if (older) return false;
    this.byId.set(conversation.id, conversation);
    return true;
  }

  private upsert(conversation: Conversation): void {
    const known = this.byId.get(conversation.id);
    if (!this.keepNewer(conversation)) return;
    const changedHands = known
      ? known.status !== conversation.status || known.assigned_agent_id !== conversation.assigned_agent_id
      : conversation.status === 'live';
    if (changedHands) this.refreshAgentsSoon();
    if (conversation.id === this.state.openId) this.markSeen(conversation);
    // A request someone took (or that ended) is no longer a popup; nor is an assignment that
    // moved on (done, transferred again).
    const popups =
      conversation.status === 'waiting' ? this.state.popups : this.state.popups.filter((c) => c.id !== conversation.id);
    const assignments = this.state.assignments.filter(
      (a) =>
        a.conversation.id !== conversation.id ||
        (conversation.status === 'live' && conversation.assigned_agent_id === a.agentId),
    );
    this.publishList({ popups, assignments });
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
