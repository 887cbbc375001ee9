// A WebSocket that comes back by itself: exponential backoff with jitter (0.5 s up to 30 s),
// at once when the browser says it is online again. `onOpen` runs after every (re)connection,
// which is where the owner catches up on what it missed. `Frame` is what the server sends on
// this socket (web/shared/events.ts); frames are passed on as the server wrote them.

export interface ReconnectingSocketHandlers<Frame> {
  url(): string;
  onOpen(): void;
  onFrame(frame: Frame): void;
  onDown(): void;
}

const kFirstDelayMs = 500;
const kMaxDelayMs = 30_000;

export class ReconnectingSocket<Frame extends { type: string }> {
  private socket: WebSocket | null = null;
  private attempts = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private readonly retryNow = () => this.reconnectSoon(0);

  constructor(private readonly handlers: ReconnectingSocketHandlers<Frame>) {
    window.addEventListener('online', this.retryNow);
  }

  start(): void {
    this.stopped = false;
    if (!this.socket) this.open();
  }

  stop(): void {
    this.stopped = true;
    window.removeEventListener('online', this.retryNow);
    if (this.timer) clearTimeout(this.timer);
    this.socket?.close();
    this.socket = null;
  }

  get connected(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  private open(): void {
    const socket = new WebSocket(this.handlers.url());
    this.socket = socket;
    socket.onopen = () => {
      this.attempts = 0;
      this.handlers.onOpen();
    };
    socket.onmessage = (event) => {
      try {
        this.handlers.onFrame(JSON.parse(String(event.data)) as Frame);
      } catch {
        // A frame we cannot read is skipped; the next catch-up fills any gap.
      }
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.handlers.onDown();
      if (!this.stopped) this.reconnectSoon(this.nextDelay());
    };
  }

  private nextDelay(): number {
    const base = Math.min(kMaxDelayMs, kFirstDelayMs * 2 ** this.attempts);
    this.attempts += 1;
    return base / 2 + Math.random() * (base / 2);
  }

  private reconnectSoon(delayMs: number): void {
    if (this.stopped || this.socket) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.stopped && !this.socket) this.open();
    }, delayMs);
  }
}
