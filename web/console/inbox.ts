// The console's live picture of every conversation: the list (kept current by the agent
// socket), unread counts, the open conversation's history, handoff popups and typing.
// Lists come a page at a time (newest activity first) and history from the newest message
// back. After every (re)connection it reloads the first pages and the open history from
// after_seq, so a dropped socket never leaves a stale screen.
import { skipUnknown, type AgentEvent, type AssignedBy, type ConversationAssigned } from '../shared/events';
import { History, kNoHistory, type HistoryState } from '../shared/history';
import { kTypingShownMs } from '../shared/limits';
import { ReconnectingSocket } from '../shared/reconnect';
import { Store } from '../shared/store';
import type { Conversation, Label, Mention, Message, Note } from '../shared/types';
import { agentSocketUrl, api, kCatchUpLimit, kHistoryPage, type Agent, type Assistant, type View } from './api';

export type { AssignedBy };

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
  openNotes: Note[]; // the open conversation's internal notes, oldest first
  mentions: Mention[]; // this agent's unread mentions, newest first
  labels: Label[]; // the catalog
  labelCursors: Record<string, string | null>; // the label filter's pages, as `cursors` for views
}

export interface HandoffAlert {
  conversation: Conversation;
  note?: string;
}

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

// The last seq read of each conversation, kept in localStorage; null when there is none (a first
// login) or it cannot be read (then the console starts as on a first login, not blank).
function loadSeen(): Record<string, number> | null {
  try {
    const seen: unknown = JSON.parse(localStorage.getItem(kSeenKey) ?? 'null');
    return seen && typeof seen === 'object' && !Array.isArray(seen) ? (seen as Record<string, number>) : null;
  } catch {
    return null;
  }
}

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
  private seen: Record<string, number> = {};
  private firstVisit = false;
  private typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private socket: ReconnectingSocket<AgentEvent>;
  private history: History | null = null; // of the open conversation
  private pagesLoaded = new Map<View, number>();
  private requested = new Set<View>(['all', 'live_agent']); // start() loads these
  private agentsTimer: ReturnType<typeof setTimeout> | null = null;
  private labelsLoading = new Set<string>();
  readonly store = new Store<InboxState>({
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
    openNotes: [],
    mentions: [],
    labels: [],
    labelCursors: {},
  });
  // Told of a mention of this agent as it arrives (the chime and a notification).
  onMention: (mention: Mention) => void = () => undefined;
  // The signed-in agent: read receipts go only for the LINE chats this agent holds.
  agentId: string | null = null;
  // Per conversation, the newest seq this console told the server it read (LINE read receipts).
  private readReported = new Map<string, number>();

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

  get state(): InboxState {
    return this.store.get();
  }

  start(): void {
    const seen = loadSeen();
    this.seen = seen ?? {};
    this.firstVisit = seen === null;
    void this.resync();
    this.socket.start();
  }

  stop(): void {
    this.socket.stop();
    if (this.agentsTimer) clearTimeout(this.agentsTimer);
  }

  // Opens a conversation on its newest messages; earlier ones come with loadEarlier().
  async open(id: string | null): Promise<void> {
    if (id === this.state.openId && this.history) return;
    this.history?.close();
    this.history = null;
    this.set({ openId: id, openNotes: [], ...historyFields(kNoHistory) });
    if (!id) return;
    this.loadNotes(id);
    const history = new History(
      {
        before: (seq, limit) => api.messagesBefore(id, seq, limit),
        after: (seq, limit) => api.messagesAfter(id, seq, limit),
      },
      { from: 'newest', earlierPage: kHistoryPage, laterPage: kCatchUpLimit, catchUpLimit: kCatchUpLimit },
      (shown) => this.set(historyFields(shown)),
    );
    this.history = history;
    try {
      const [conversation] = await Promise.all([api.conversation(id), history.loadNewest()]);
      if (this.history !== history) return;
      this.upsert(conversation);
      this.markSeen(conversation);
    } catch {
      // An unknown id shows the empty pane.
    }
  }

  // The page of history just before the oldest message shown.
  loadEarlier(): Promise<void> {
    return this.history?.loadEarlier() ?? Promise.resolve();
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

  // The conversations carrying `label` (the list's label filter): their first page, once; the
  // rest with loadMoreLabelled().
  showLabel(label: string): void {
    if (label in this.state.labelCursors || this.labelsLoading.has(label)) return;
    void this.loadLabelled(label);
  }

  loadMoreLabelled(label: string): Promise<void> {
    const cursor = this.state.labelCursors[label];
    return typeof cursor === 'string' ? this.loadLabelled(label, cursor) : Promise.resolve();
  }

  private async loadLabelled(label: string, before?: string): Promise<void> {
    if (this.labelsLoading.has(label)) return;
    this.labelsLoading.add(label);
    this.set({ loadingMore: true });
    try {
      const page = await api.conversations('all', before, label);
      for (const c of page.conversations) this.keepNewer(c);
      this.publishList({ labelCursors: { ...this.state.labelCursors, [label]: page.next_cursor } });
    } catch {
      // The filter's "Load more" (or choosing it again) tries again.
    } finally {
      this.labelsLoading.delete(label);
      this.set({ loadingMore: false });
    }
  }

  // The open conversation's notes, merged with those frames brought meanwhile.
  private loadNotes(id: string): void {
    api.notes(id).then(
      (notes) => {
        if (this.state.openId === id) this.set({ openNotes: mergeNotes(this.state.openNotes, notes) });
      },
      () => undefined,
    );
  }

  addOwnNote(note: Note): void {
    if (note.conversation_id === this.state.openId) this.set({ openNotes: mergeNotes(this.state.openNotes, [note]) });
  }

  async readMention(id: string): Promise<void> {
    this.set({ mentions: this.state.mentions.filter((m) => m.id !== id) });
    await api.readMention(id).catch(() => undefined);
  }

  async refreshLabels(): Promise<void> {
    this.set({ labels: await api.labels() });
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
      const [agents, assistants, mentions, labels] = await Promise.all([
        api.agents(),
        api.assistants(),
        api.mentions(true),
        api.labels(),
        ...Array.from(views, (view) => this.loadPage(view)),
      ]);
      this.firstVisit = false;
      this.set({
        agents: new Map(agents.map((a) => [a.id, a])),
        assistants: new Map(assistants.map((a) => [a.id, a])),
        mentions,
        labels,
      });
      // On its own: a failed read of the notes must not hold back the messages' catch-up.
      if (this.state.openId) this.loadNotes(this.state.openId);
      await this.history?.catchUp();
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

  // Whether the session still holds: a socket closed by the server (code 4401, the session
  // ended) or refused cannot say why to the page, so ask; a 401 signs the console out.
  private checkSession(): void {
    api.me().catch(() => undefined); // the api module announces a 401 (kSignedOutEvent)
  }

  private onFrame(frame: AgentEvent): void {
    switch (frame.type) {
      case 'conversation.updated':
        this.upsert(frame.conversation);
        break;
      case 'message.created':
        this.onMessage(frame.message);
        break;
      case 'message.updated':
        this.onMessageUpdated(frame.message);
        break;
      case 'note.created':
        this.addOwnNote(frame.note);
        break;
      case 'mention.created': {
        const mention = frame.mention;
        this.upsert(frame.conversation);
        this.set({ mentions: [mention, ...this.state.mentions.filter((m) => m.id !== mention.id)] });
        this.onMention(mention);
        break;
      }
      case 'handoff.requested': {
        const conversation = frame.conversation;
        this.upsert(conversation);
        this.set({ popups: [...this.state.popups.filter((c) => c.id !== conversation.id), conversation] });
        this.onHandoff({ conversation });
        break;
      }
      case 'conversation.assigned':
        this.onAssigned(frame);
        break;
      case 'presence.updated':
        // Who is available (for a transfer) may have changed: one re-read for a burst of frames,
        // one per assistant.
        this.refreshAgentsSoon();
        break;
      case 'typing':
        this.showCustomerTyping(frame.conversation_id);
        break;
      case 'queue.updated':
        break; // the Live Agent view counts the waiting conversations it lists
      case 'csat.submitted':
        break; // the survey's notice shows the rating (message.updated)
      default:
        skipUnknown(frame);
    }
  }

  private onAssigned(frame: ConversationAssigned): void {
    const assignment: Assignment = {
      conversation: frame.conversation,
      agentId: frame.agent_id,
      previousAgentId: frame.previous_agent_id,
      by: frame.by,
      note: frame.note || null,
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
      this.history?.add([message]);
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
    if (message.conversation_id === this.state.openId) this.history?.replace(message);
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
    this.reportRead(conversation);
    if ((this.seen[conversation.id] ?? 0) >= conversation.last_seq) return;
    this.seen[conversation.id] = conversation.last_seq;
    this.saveSeen();
    this.publishList();
  }

  // An open LINE chat this agent holds: the server marks the customer's messages read on LINE
  // (once per batch; it decides, this only says what was shown). Checked apart from `seen`:
  // a chat may become this agent's after its newest message was shown.
  private reportRead(conversation: Conversation): void {
    if (conversation.channel !== 'line' || conversation.status !== 'live') return;
    if (!this.agentId || conversation.assigned_agent_id !== this.agentId) return;
    if ((this.readReported.get(conversation.id) ?? 0) >= conversation.last_seq) return;
    this.readReported.set(conversation.id, conversation.last_seq);
    api.markRead(conversation.id).catch(() => this.readReported.delete(conversation.id));
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
    this.store.update(patch);
  }
}

// Notes by time, without duplicates: the list read on opening and the frames may overlap.
function mergeNotes(known: Note[], incoming: Note[]): Note[] {
  const byId = new Map(known.map((n) => [n.id, n]));
  for (const n of incoming) byId.set(n.id, n);
  return Array.from(byId.values()).sort((a, b) =>
    a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0,
  );
}

const historyFields = (history: HistoryState): Partial<InboxState> => ({
  openMessages: history.messages,
  openHasEarlier: history.hasEarlier,
  loadingEarlier: history.loadingEarlier,
});
