// One conversation: who and why (the handoff reason, the offline contact), the history (from
// the newest message back, earlier pages on scrolling up), the actions that apply (Take over,
// Transfer, Done, Reactivate) and the composer.
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { clockTime, lastOf } from '../../shared/format';
import { noticeText } from '../../shared/notices';
import type { Attachment, Conversation, Delivery, Message } from '../../shared/types';
import { api, ApiError, type Agent } from '../api';
import { errorText } from '../errors';
import { useT } from '../i18n';
import type { Inbox, InboxState } from '../inbox';
import { TransferDialog } from './transfer_dialog';

interface Props {
  inbox: Inbox;
  state: InboxState;
  conversation: Conversation;
  me: Agent;
}

const kTypingSentEveryMs = 3000;

export function ConversationPane({ inbox, state, conversation: c, me }: Props) {
  const { t } = useT();
  const [error, setError] = useState<string | null>(null);
  // A take-over refused because the agent is at their limit: they may take it anyway.
  const [overLimit, setOverLimit] = useState(false);
  const [transferring, setTransferring] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    setError(null);
    setOverLimit(false);
    setTransferring(false);
    setNotice(null);
  }, [c.id]);

  const act = async (action: () => Promise<Conversation>) => {
    setNotice(null);
    try {
      inbox.apply(await action());
      setError(null);
      setOverLimit(false);
    } catch (e) {
      const atCapacity = e instanceof ApiError && e.code === 'at_capacity';
      setOverLimit(atCapacity);
      setError(atCapacity ? t.selfAtCapacity : errorText(e, t));
    }
  };

  const mine = c.assigned_agent_id === me.id;
  const holder = inbox.agentName(c.assigned_agent_id);
  const canTakeOver = c.status === 'ai' || c.status === 'waiting';
  const canFinish = c.status === 'live' && (mine || me.role === 'admin');
  const canTransfer = canFinish;
  const canReactivate = c.status === 'done';
  const lastCustomerText = lastOf(state.openMessages.filter((m) => m.sender === 'customer'))?.text;
  const unanswered = questionsBefore(state.openMessages, (m) => m.sender === 'ai' && !!m.fallback);

  return (
    <div class="pane">
      <header class="pane-header">
        <div>
          <h2>
            {c.contact.picture_url && (
              <img class="avatar" src={c.contact.picture_url} alt="" referrerpolicy="no-referrer" />
            )}
            {c.contact.name}
          </h2>
          <p class="meta">
            <span class={`status status-${c.status}`} data-testid="console-status">
              {t.status[c.status]}
            </span>
            <span>{t.channel[c.channel]}</span>
            <span>{c.assigned_agent_id ? t.assignedTo(holder || c.assigned_agent_id) : t.unassigned}</span>
          </p>
        </div>
        <div class="actions">
          {canTakeOver && (
            <button
              type="button"
              class="primary"
              data-testid="console-takeover"
              onClick={() => void act(() => api.takeOver(c.id))}
            >
              {t.takeOver}
            </button>
          )}
          {canTransfer && (
            <button
              type="button"
              class="secondary"
              data-testid="transfer-button"
              onClick={() => {
                setNotice(null);
                setTransferring(true);
              }}
            >
              {t.transfer}
            </button>
          )}
          {canFinish && (
            <button
              type="button"
              class="primary"
              data-testid="console-done"
              onClick={() => void act(() => api.done(c.id))}
            >
              {t.done}
            </button>
          )}
          {canReactivate && (
            <button
              type="button"
              class="secondary"
              data-testid="console-reactivate"
              onClick={() => void act(() => api.reactivate(c.id))}
            >
              {t.reactivate}
            </button>
          )}
        </div>
      </header>
      {c.handoff_reason && (c.status === 'waiting' || c.status === 'live') && (
        <div class="handoff-banner" data-testid="console-handoff-reason" data-reason={c.handoff_reason}>
          <strong>{t.reason[c.handoff_reason] ?? c.handoff_reason}</strong>
          {c.handoff_requested_at && <span> · {new Date(c.handoff_requested_at).toLocaleString()}</span>}
          {c.offline_request && c.contact.contact && <p>{t.leftContact(c.contact.name, c.contact.contact)}</p>}
          {c.handoff_reason === 'ai_fallback' && unanswered.length > 0 ? (
            <div data-testid="console-unanswered">
              {t.unanswered}
              <ul>
                {unanswered.map((text, i) => (
                  <li key={i}>“{text}”</li>
                ))}
              </ul>
            </div>
          ) : (
            lastCustomerText && (
              <p>
                {t.lastAsked}: “{lastCustomerText}”
              </p>
            )
          )}
        </div>
      )}
      {error && (
        <p class="form-error" role="alert">
          {error}{' '}
          {overLimit && canTakeOver && (
            <button
              type="button"
              class="secondary"
              data-testid="takeover-force"
              onClick={() => void act(() => api.takeOver(c.id, true))}
            >
              {t.takeAnyway}
            </button>
          )}
        </p>
      )}
      {notice && (
        <p class="pane-notice" role="status" data-testid="transfer-notice">
          {notice}
        </p>
      )}
      {transferring && canTransfer && (
        <TransferDialog
          inbox={inbox}
          state={state}
          conversation={c}
          me={me}
          onClose={() => setTransferring(false)}
          onTransferred={(text) => {
            setTransferring(false);
            setNotice(text);
          }}
        />
      )}
      <MessageList
        messages={state.openMessages}
        hasEarlier={state.openHasEarlier}
        loadingEarlier={state.loadingEarlier}
        inbox={inbox}
        me={me}
        typing={state.customerTyping.has(c.id)}
        assistantId={c.assistant_id}
      />
      <Composer key={c.id} conversation={c} me={me} holder={holder} inbox={inbox} onError={setError} />
    </div>
  );
}

// The customer's message that the reply at `index` answered (the nearest one before it).
function questionBefore(messages: Message[], index: number): string | undefined {
  return lastOf(messages.slice(0, index).filter((m) => m.sender === 'customer'))?.text;
}

// The customer's words that each matching reply answered, each once.
function questionsBefore(messages: Message[], isReply: (m: Message) => boolean): string[] {
  const questions: string[] = [];
  messages.forEach((m, i) => {
    const asked = isReply(m) ? questionBefore(messages, i) : undefined;
    if (asked && !questions.includes(asked)) questions.push(asked);
  });
  return questions;
}

interface MessageListProps {
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

function MessageList({ messages, hasEarlier, loadingEarlier, inbox, me, typing, assistantId }: MessageListProps) {
  const { t, lang } = useT();
  const list = useRef<HTMLDivElement>(null);
  const [teaching, setTeaching] = useState<number | null>(null);
  const firstSeq = messages[0]?.seq ?? 0;
  const lastSeq = lastOf(messages)?.seq ?? 0;
  // The list as last laid out: a new message at the end scrolls down to it; an earlier page put
  // on top keeps what the agent was reading where it was.
  const shown = useRef({ firstSeq: 0, lastSeq: 0, typing: false, scrollHeight: 0 });
  useLayoutEffect(() => {
    const el = list.current;
    if (!el) return;
    const before = shown.current;
    if (lastSeq !== before.lastSeq || (typing && !before.typing)) {
      el.scrollTop = el.scrollHeight;
    } else if (firstSeq < before.firstSeq) {
      el.scrollTop += el.scrollHeight - before.scrollHeight;
    }
    shown.current = { firstSeq, lastSeq, typing, scrollHeight: el.scrollHeight };
  }, [firstSeq, lastSeq, typing]);
  const onScroll = () => {
    const el = list.current;
    if (el && hasEarlier && el.scrollTop <= kLoadEarlierMarginPx) void inbox.loadEarlier();
  };
  const who = (m: Message) => {
    if (m.sender === 'customer') return t.customer;
    if (m.sender === 'ai') return t.ai;
    if (m.agent_id === me.id) return t.you;
    return m.agent_name || inbox.agentName(m.agent_id) || t.agent;
  };
  return (
    <div class="messages" role="log" aria-live="polite" ref={list} onScroll={onScroll}>
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
      {messages.map((m, i) =>
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
            <div class="bubble">
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
      )}
      {typing && <div class="typing">{t.customerTyping}</div>}
    </div>
  );
}

// Whether a message reached the LINE customer; a failure says why, so the agent can reach them
// another way.
function DeliveryNote({ delivery }: { delivery: Delivery }) {
  const { t } = useT();
  if (delivery.status === 'failed') {
    return (
      <span class="delivery failed" data-testid="console-delivery" data-delivery="failed" role="status">
        {t.deliveryFailed(delivery.error ?? '')}
      </span>
    );
  }
  return (
    <span class={`delivery ${delivery.status}`} data-testid="console-delivery" data-delivery={delivery.status}>
      {delivery.status === 'sent' ? `✓ ${t.deliverySent}` : t.deliveryPending}
    </span>
  );
}

// A photo shows inline; video and voice play in place; other files download.
function AttachmentView({ attachment }: { attachment: Attachment }) {
  const { t } = useT();
  if (attachment.status === 'pending') return <span class="attachment note">{t.attachmentPending}</span>;
  if (attachment.status === 'failed' || !attachment.url)
    return <span class="attachment note">{t.attachmentFailed}</span>;
  const name = attachment.file_name || t.attachmentKind[attachment.kind];
  switch (attachment.kind) {
    case 'image':
      return (
        <a class="attachment" href={attachment.url} target="_blank" rel="noopener" data-testid="console-attachment">
          <img src={attachment.url} alt={t.attachmentKind.image} loading="lazy" />
        </a>
      );
    case 'video':
      return (
        <video class="attachment" controls preload="metadata" src={attachment.url} data-testid="console-attachment" />
      );
    case 'audio':
      return (
        <audio class="attachment" controls preload="metadata" src={attachment.url} data-testid="console-attachment" />
      );
    default:
      return (
        <a class="attachment file" href={attachment.url} download={name} data-testid="console-attachment">
          {t.attachmentOpen(name)}
        </a>
      );
  }
}

// "Improve answer": the customer's question (editable) and the right answer become knowledge,
// used from the next message on; an answer grounded on a wrong entry may replace that entry.
function TeachForm({
  assistantId,
  reply,
  question,
  onDone,
}: {
  assistantId: string;
  reply: Message;
  question: string;
  onDone: () => void;
}) {
  const { t } = useT();
  const [draftQuestion, setDraftQuestion] = useState(question);
  const [answer, setAnswer] = useState(reply.fallback ? '' : reply.text);
  const [replace, setReplace] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const save = async (e: Event) => {
    e.preventDefault();
    try {
      if (replace && reply.knowledge_id)
        await api.updateKnowledge(assistantId, reply.knowledge_id, draftQuestion, answer);
      else await api.addKnowledge(assistantId, draftQuestion, answer);
      setNote(t.taught);
      setTimeout(onDone, 1200);
    } catch (error) {
      setNote(error instanceof ApiError ? error.message : String(error));
    }
  };
  return (
    <form class="teach" data-testid="console-teach-form" onSubmit={save}>
      <label>
        {t.question}
        <input
          data-testid="console-teach-question"
          required
          maxLength={1000}
          value={draftQuestion}
          onInput={(e) => setDraftQuestion((e.target as HTMLInputElement).value)}
        />
      </label>
      <label>
        {t.rightAnswer}
        <textarea
          data-testid="console-teach-answer"
          required
          rows={3}
          maxLength={4000}
          value={answer}
          onInput={(e) => setAnswer((e.target as HTMLTextAreaElement).value)}
        />
      </label>
      {reply.knowledge_id && (
        <label class="check-inline">
          <input
            type="checkbox"
            checked={replace}
            onChange={(e) => setReplace((e.target as HTMLInputElement).checked)}
          />{' '}
          {t.replaceEntry}
        </label>
      )}
      <div class="form-bar">
        <button type="submit" class="primary" data-testid="console-teach-save">
          {t.saveAsKnowledge}
        </button>
        <button type="button" class="ghost" onClick={onDone}>
          {t.cancel}
        </button>
        {note && <span role="status">{note}</span>}
      </div>
    </form>
  );
}

interface ComposerProps {
  conversation: Conversation;
  me: Agent;
  holder: string;
  inbox: Inbox;
  onError: (message: string | null) => void;
}

function Composer({ conversation: c, me, holder, inbox, onError }: ComposerProps) {
  const { t } = useT();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const lastTyping = useRef(0);
  const input = useRef<HTMLTextAreaElement>(null);
  // A fresh composer per conversation (keyed by its id): clearing the text in an effect instead
  // could wipe what was typed in the moment after opening it.
  useEffect(() => input.current?.focus(), []);

  const heldByOther = c.status === 'live' && !!c.assigned_agent_id && c.assigned_agent_id !== me.id;
  const blocked = c.status === 'done' || heldByOther;
  const send = async () => {
    const body = text.trim();
    if (!body || blocked || busy) return;
    setBusy(true);
    try {
      inbox.addOwnMessage(await api.send(c.id, body));
      setText('');
      onError(null);
    } catch (e) {
      onError(e instanceof ApiError && e.code === 'at_capacity' ? t.selfAtCapacity : errorText(e, t));
    } finally {
      setBusy(false);
      input.current?.focus();
    }
  };
  const typing = () => {
    const now = Date.now();
    if (now - lastTyping.current < kTypingSentEveryMs || c.status !== 'live') return;
    lastTyping.current = now;
    api.typing(c.id).catch(() => undefined);
  };

  const hint =
    c.status === 'done'
      ? t.composerDone
      : heldByOther
        ? t.composerHeld(holder)
        : c.status !== 'live'
          ? t.composerTakesOver
          : t.composerHint;
  return (
    <form
      class="composer"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <textarea
        ref={input}
        data-testid="console-input"
        rows={3}
        maxLength={4000}
        disabled={blocked}
        aria-label={t.send}
        value={text}
        onInput={(e) => {
          setText((e.target as HTMLTextAreaElement).value);
          typing();
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            void send();
          }
        }}
      />
      <div class="composer-bar">
        <span class="hint">{hint}</span>
        <button type="submit" class="primary" data-testid="console-send" disabled={blocked || busy || !text.trim()}>
          {t.send}
        </button>
      </div>
    </form>
  );
}
