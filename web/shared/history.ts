// A conversation's history as both front ends hold it: one unbroken run of seqs up to the newest
// message known, never a gap. The run starts at the first message (the widget) or at the newest
// page (the console, which pages back with loadEarlier). A message that arrives past a gap (a
// frame lost while the socket was away) waits while the gap is fetched from the end of the run;
// what is shown stays on screen meanwhile.
import type { Message } from './types';

// seq only grows and never passes this: "before the end" when the newest seq is not known.
export const kNewestSeq = Number.MAX_SAFE_INTEGER;

export interface HistorySource {
  // The last `limit` messages before seq `beforeSeq`, in seq order.
  before(beforeSeq: number, limit: number): Promise<Message[]>;
  // The first `limit` messages after seq `afterSeq`, in seq order.
  after(afterSeq: number, limit: number): Promise<Message[]>;
}

export interface HistoryOptions {
  from: 'first' | 'newest'; // where an empty history starts
  earlierPage: number; // messages per loadEarlier
  laterPage: number; // messages per request when catching up
  // Catching up past this many messages shows the newest page instead (earlier ones come back
  // with loadEarlier). Infinity: fetch them all.
  catchUpLimit: number;
}

export interface HistoryState {
  messages: Message[]; // consecutive seqs
  hasEarlier: boolean; // messages before messages[0] exist
  loadingEarlier: boolean;
}

export const kNoHistory: HistoryState = { messages: [], hasEarlier: false, loadingEarlier: false };

// Messages by seq, without duplicates (a later copy wins): pages and frames may overlap.
function mergeMessages<T extends { seq: number }>(known: T[], incoming: T[]): T[] {
  if (incoming.length === 0) return known;
  const bySeq = new Map(known.map((m) => [m.seq, m]));
  for (const m of incoming) bySeq.set(m.seq, m);
  return Array.from(bySeq.values()).sort((a, b) => a.seq - b.seq);
}

// The newest run of consecutive seqs in a sorted list.
function newestRun(messages: Message[]): Message[] {
  let start = messages.length - 1;
  while (start > 0 && messages[start - 1].seq === messages[start].seq - 1) start -= 1;
  return messages.slice(Math.max(start, 0));
}

export class History {
  private state = kNoHistory;
  private ahead: Message[] = []; // arrived past a gap: shown once the gap is filled
  private loadingNewest: Promise<void> | null = null;
  private catchingUp: Promise<void> | null = null;
  private catchUpAgain = false;
  private closed = false;

  constructor(
    private readonly source: HistorySource,
    private readonly options: HistoryOptions,
    // Every change: the new state, and the messages it added at the end (new to the reader).
    private readonly onChange: (state: HistoryState, appended: Message[]) => void,
  ) {}

  get current(): HistoryState {
    return this.state;
  }

  get newestSeq(): number {
    return this.state.messages[this.state.messages.length - 1]?.seq ?? 0;
  }

  // No more fetching or reporting: the conversation was closed, or another one opened.
  close(): void {
    this.closed = true;
  }

  // Messages from a frame or an answer. A gap before them is fetched; until it is, they wait.
  add(incoming: Message[]): void {
    if (incoming.length === 0) return;
    if (this.loadingNewest) {
      this.ahead = mergeMessages(this.ahead, incoming);
      return;
    }
    this.absorb(incoming);
    if (this.ahead.length > 0) void this.catchUp().catch(() => undefined);
  }

  // A newer copy of a message held (its LINE delivery, a file fetched).
  replace(message: Message): void {
    const at = this.state.messages.findIndex((m) => m.id === message.id);
    if (at < 0) {
      this.ahead = this.ahead.map((m) => (m.id === message.id ? message : m));
      return;
    }
    const messages = this.state.messages.slice();
    messages[at] = message;
    this.publish({ ...this.state, messages }, []);
  }

  // Everything after the newest message held (after a reconnection, or to fill a gap); an empty
  // history of a console starts from the newest page.
  catchUp(): Promise<void> {
    if (this.catchingUp) {
      this.catchUpAgain = true;
      return this.catchingUp;
    }
    const run = async () => {
      try {
        do {
          this.catchUpAgain = false;
          await this.fetchLater();
        } while (this.catchUpAgain && !this.closed);
      } finally {
        this.catchingUp = null;
      }
    };
    this.catchingUp = run();
    return this.catchingUp;
  }

  // The newest page, in place of whatever is held.
  loadNewest(): Promise<void> {
    this.loadingNewest ??= (async () => {
      try {
        const page = await this.source.before(kNewestSeq, this.options.earlierPage);
        if (!this.closed) this.startAt(page);
      } finally {
        this.loadingNewest = null;
      }
    })();
    return this.loadingNewest;
  }

  // The page just before the oldest message held.
  async loadEarlier(): Promise<void> {
    const first = this.state.messages[0];
    if (!first || !this.state.hasEarlier || this.state.loadingEarlier) return;
    this.publish({ ...this.state, loadingEarlier: true }, []);
    let page: Message[] = [];
    try {
      page = await this.source.before(first.seq, this.options.earlierPage);
    } catch {
      // The button stays for another try.
    }
    if (this.closed) return;
    // Only what joins the run (which may have moved meanwhile) on its front.
    const front = this.state.messages[0]?.seq ?? 0;
    const joined = newestRun(page.filter((m) => m.seq < front));
    const messages =
      joined[joined.length - 1]?.seq === front - 1 ? [...joined, ...this.state.messages] : this.state.messages;
    this.publish({ messages, hasEarlier: (messages[0]?.seq ?? 1) > 1, loadingEarlier: false }, []);
  }

  private async fetchLater(): Promise<void> {
    if (this.state.messages.length === 0 && this.options.from === 'newest') return this.loadNewest();
    const { laterPage, catchUpLimit } = this.options;
    for (let fetched = 0; ;) {
      const page = await this.source.after(this.newestSeq, laterPage);
      if (this.closed) return;
      fetched += page.length;
      if (page.length >= laterPage && fetched >= catchUpLimit) {
        // Too much to hold: the newest page, and the rest on demand.
        const newest = await this.source.before(kNewestSeq, this.options.earlierPage);
        if (!this.closed) this.startAt(newest);
        return;
      }
      this.absorb(page);
      if (page.length < laterPage) return;
    }
  }

  // The run becomes the newest run of `page`, followed by whatever joins it.
  private startAt(page: Message[]): void {
    const before = this.newestSeq;
    const waiting = this.ahead;
    this.ahead = [];
    const messages = newestRun(page);
    this.state = { messages, hasEarlier: (messages[0]?.seq ?? 1) > 1, loadingEarlier: false };
    this.absorb(waiting, before);
  }

  // The run extended by what follows on from its end; the rest waits in `ahead`.
  private absorb(incoming: Message[], reportedUpTo = this.newestSeq): void {
    const held = this.state.messages;
    const all = mergeMessages(mergeMessages(held, this.ahead), incoming);
    const first = held[0]?.seq ?? 1;
    const messages: Message[] = [];
    const ahead: Message[] = [];
    for (const m of all) {
      if (m.seq < first) continue; // before the run: loadEarlier brings it in order
      if (ahead.length === 0 && m.seq === first + messages.length) messages.push(m);
      else ahead.push(m);
    }
    this.ahead = ahead;
    const appended = messages.filter((m) => m.seq > reportedUpTo);
    this.publish({ ...this.state, messages, hasEarlier: (messages[0]?.seq ?? 1) > 1 }, appended);
  }

  private publish(state: HistoryState, appended: Message[]): void {
    if (this.closed) return;
    this.state = state;
    this.onChange(state, appended);
  }
}
