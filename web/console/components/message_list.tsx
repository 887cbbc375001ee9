// A conversation's history in the console: earlier pages on scrolling up (keeping the place),
// new messages scrolling into view, each AI reply with "Improve answer", LINE deliveries and files.
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { clockTime, lastOf } from '../../shared/format';
import { noticeText } from '../../shared/notices';
import type { Delivery, Message, Note } from '../../shared/types';
import type { Agent } from '../api';
import { useT } from '../i18n';
import type { Inbox } from '../inbox';
import { AttachmentView } from './attachment_view';
import { TeachForm } from './teach_form';

// The customer's message that the reply at `index` answered (the nearest one before it).
export function questionBefore(messages: Message[], index: number): string | undefined {
  return lastOf(messages.slice(0, index).filter((m) => m.sender === 'customer'))?.text;
}

// The customer's words that each matching reply answered, each once.
export function questionsBefore(messages: Message[], isReply: (m: Message) => boolean): string[] {
  const questions: string[] = [];
  messages.forEach((m, i) => {
    const asked = isReply(m) ? questionBefore(messages, i) : undefined;
    if (asked && !questions.includes(asked)) questions.push(asked);
  });
  return questions;
}
// The notes to show before each message (by time) and after the last; notes older than the first
// message loaded wait until the earlier page is.
function placeNotes(notes: Note[], messages: Message[], hasEarlier: boolean): { before: Note[][]; after: Note[] } {
  const before: Note[][] = messages.map(() => []);
  const after: Note[] = [];
  const first = messages[0]?.created_at;
  for (const note of notes) {
    if (hasEarlier && first && note.created_at < first) continue;
    const index = messages.findIndex((m) => m.created_at > note.created_at);
    if (index < 0) after.push(note);
    else before[index].push(note);
  }
  return { before, after };
}

function NoteView({ note }: { note: Note }) {
  const { t, lang } = useT();
  return (
    <div class="message note" data-testid="console-note">
      <span class="who">
        {t.noteBy(note.agent_name)} · <time dateTime={note.created_at}>{clockTime(note.created_at, lang)}</time>
      </span>
      <div class="bubble">{note.text}</div>
    </div>
  );
}

interface MessageListProps {
  notes: Note[];
  messages: Message[];
  hasEarlier: boolean;
  loadingEarlier: boolean;
  inbox: Inbox;
  me: Agent;
  typing: boolean;
  assistantId: string;
}

// How close to the top a scroll fetches the earlier page.
const kLoadEarlierMarginPx = 40;
// How close to the bottom counts as reading the newest message.
const kAtBottomMarginPx = 40;

export function MessageList({
  notes,
  messages,
  hasEarlier,
  loadingEarlier,
  inbox,
  me,
  typing,
  assistantId,
}: MessageListProps) {
  const { t, lang } = useT();
  const list = useRef<HTMLDivElement>(null);
  const [teaching, setTeaching] = useState<number | null>(null);
  const firstSeq = messages[0]?.seq ?? 0;
  const lastSeq = lastOf(messages)?.seq ?? 0;
  const placed = placeNotes(notes, messages, hasEarlier);
  const lastNote = lastOf(notes)?.id ?? '';
  // The list as last laid out: a new message at the end scrolls down to it; an earlier page put
  // on top keeps what the agent was reading where it was.
  const shown = useRef({ firstSeq: 0, lastSeq: 0, lastNote: '', typing: false, scrollHeight: 0 });
  useLayoutEffect(() => {
    const el = list.current;
    if (!el) return;
    const before = shown.current;
    if (lastSeq !== before.lastSeq || lastNote !== before.lastNote || (typing && !before.typing)) {
      el.scrollTop = el.scrollHeight;
    } else if (firstSeq < before.firstSeq) {
      el.scrollTop += el.scrollHeight - before.scrollHeight;
    }
    shown.current = { firstSeq, lastSeq, lastNote, typing, scrollHeight: el.scrollHeight };
  }, [firstSeq, lastSeq, lastNote, typing]);
  // Read at the bottom, the agent stays there when the list shrinks (a banner above it, a file
  // card in the composer) or grows (a picture that loaded after the list was scrolled).
  const atBottom = useRef(true);
  const keepAtBottom = () => {
    const el = list.current;
    if (el && atBottom.current) el.scrollTop = el.scrollHeight;
  };
  useEffect(() => {
    const el = list.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(keepAtBottom);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const onScroll = () => {
    const el = list.current;
    if (el) atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < kAtBottomMarginPx;
    if (el && hasEarlier && el.scrollTop <= kLoadEarlierMarginPx) void inbox.loadEarlier();
  };
  const who = (m: Message) => {
    if (m.sender === 'customer') return t.customer;
    if (m.sender === 'ai') return t.ai;
    if (m.agent_id === me.id) return t.you;
    return m.agent_name || inbox.agentName(m.agent_id) || t.agent;
  };
  return (
    <div class="messages" role="log" aria-live="polite" ref={list} onScroll={onScroll} onLoadCapture={keepAtBottom}>
      {hasEarlier && (
        <button
          type="button"
          class="ghost load-earlier"
          data-testid="console-load-earlier"
          disabled={loadingEarlier}
          onClick={() => void inbox.loadEarlier()}
        >
          {loadingEarlier ? t.loading : t.loadEarlier}
        </button>
      )}
      {messages.map((m, i) => [
        ...placed.before[i].map((n) => <NoteView key={`note-${n.id}`} note={n} />),
        m.sender === 'system' ? (
          <div
            class="message system"
            data-testid="console-message"
            data-sender="system"
            data-event={m.event}
            key={m.seq}
          >
            <span class="notice-text">{noticeText(m, t.notices, lang)}</span>
            <time dateTime={m.created_at}>{clockTime(m.created_at, lang)}</time>
            {m.delivery?.status === 'failed' && <DeliveryNote delivery={m.delivery} />}
            {m.csat && (
              <p class="csat-result" data-testid="console-csat" data-score={m.csat.score ?? ''}>
                {m.csat.score ? t.csatRated(m.csat.score) : t.csatWaiting}
                {m.csat.comment && <q>{m.csat.comment}</q>}
              </p>
            )}
          </div>
        ) : (
          <div class={`message ${m.sender}`} data-testid="console-message" data-sender={m.sender} key={m.seq}>
            <span class="who">
              {who(m)} · <time dateTime={m.created_at}>{clockTime(m.created_at, lang)}</time>
              {m.sender === 'ai' && (
                <>
                  {' · '}
                  <span class={m.fallback ? 'tag warn' : 'tag'}>
                    {m.fallback ? t.aiDidNotKnow : t.aiFromKnowledge}
                  </span>{' '}
                  <button
                    type="button"
                    class="link small"
                    data-testid="console-improve-answer"
                    onClick={() => setTeaching(teaching === m.seq ? null : m.seq)}
                  >
                    {t.improveAnswer}
                  </button>
                </>
              )}
            </span>
            <div class={m.attachment && !m.text ? 'bubble with-file' : 'bubble'}>
              {m.text}
              {m.attachment && <AttachmentView attachment={m.attachment} />}
            </div>
            {m.delivery && <DeliveryNote delivery={m.delivery} />}
            {teaching === m.seq && (
              <TeachForm
                assistantId={assistantId}
                reply={m}
                question={questionBefore(messages, i) ?? ''}
                onDone={() => setTeaching(null)}
              />
            )}
          </div>
        ),
      ])}
      {placed.after.map((n) => (
        <NoteView key={`note-${n.id}`} note={n} />
      ))}
      {typing && <div class="typing">{t.customerTyping}</div>}
    </div>
  );
}

// Whether a message reached the LINE customer (or, by e-mail, a web visitor who went away); a
// failure says why, so the agent can reach them another way.
function DeliveryNote({ delivery }: { delivery: Delivery }) {
  const { t } = useT();
  const email = delivery.channel === 'email';
  if (delivery.status === 'failed') {
    return (
      <span
        class="delivery failed"
        data-testid="console-delivery"
        data-delivery="failed"
        data-reason={delivery.reason}
        role="status"
      >
        {delivery.reason === 'monthly_limit'
          ? t.deliveryMonthlyLimit
          : (email ? t.emailDeliveryFailed : t.deliveryFailed)(delivery.error ?? '')}
      </span>
    );
  }
  const sent = email ? t.emailDeliverySent : t.deliverySent;
  const pending = email ? t.emailDeliveryPending : t.deliveryPending;
  return (
    <span
      class={`delivery ${delivery.status}`}
      data-testid="console-delivery"
      data-delivery={delivery.status}
      data-channel={delivery.channel ?? 'line'}
    >
      {delivery.status === 'sent' ? `✓ ${sent}` : pending}
    </span>
  );
}
