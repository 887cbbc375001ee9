// One conversation: who and why (the handoff reason, the offline contact), the full history,
// the actions that apply (Take over, Done, Reactivate) and the composer.
import { useEffect, useRef, useState } from 'preact/hooks';
import { clockTime, lastOf, localLine } from '../../shared/format';
import type { Conversation, Message } from '../../shared/types';
import { api, ApiError, type Agent } from '../api';
import { useT } from '../i18n';
import type { Inbox, InboxState } from '../inbox';

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
  useEffect(() => setError(null), [c.id]);

  const act = async (action: () => Promise<Conversation>) => {
    try {
      inbox.apply(await action());
      setError(null);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };

  const mine = c.assigned_agent_id === me.id;
  const holder = inbox.agentName(c.assigned_agent_id);
  const canTakeOver = c.status === 'ai' || c.status === 'waiting';
  const canFinish = c.status === 'live' && (mine || me.role === 'admin');
  const canReactivate = c.status === 'done';
  const lastCustomerText = lastOf(state.openMessages.filter((m) => m.sender === 'customer'))?.text;

  return (
    <div class="pane">
      <header class="pane-header">
        <div>
          <h2>{c.contact.name}</h2>
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
            <button type="button" class="primary" data-testid="console-takeover" onClick={() => void act(() => api.takeOver(c.id))}>
              {t.takeOver}
            </button>
          )}
          {canFinish && (
            <button type="button" class="primary" data-testid="console-done" onClick={() => void act(() => api.done(c.id))}>
              {t.done}
            </button>
          )}
          {canReactivate && (
            <button type="button" class="secondary" data-testid="console-reactivate" onClick={() => void act(() => api.reactivate(c.id))}>
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
          {lastCustomerText && (
            <p>
              {t.lastAsked}: “{lastCustomerText}”
            </p>
          )}
        </div>
      )}
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <MessageList messages={state.openMessages} inbox={inbox} me={me} typing={state.customerTyping.has(c.id)} />
      <Composer conversation={c} me={me} holder={holder} inbox={inbox} onError={setError} />
    </div>
  );
}

function MessageList({ messages, inbox, me, typing }: { messages: Message[]; inbox: Inbox; me: Agent; typing: boolean }) {
  const { t, lang } = useT();
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => end.current?.scrollIntoView({ block: 'end' }), [messages.length, typing]);
  const who = (m: Message) => {
    if (m.sender === 'customer') return t.customer;
    if (m.sender === 'ai') return t.ai;
    if (m.agent_id === me.id) return t.you;
    return m.agent_name || inbox.agentName(m.agent_id) || t.agent;
  };
  return (
    <div class="messages" role="log" aria-live="polite">
      {messages.map((m) =>
        m.sender === 'system' ? (
          <div class="message system" data-testid="console-message" data-sender="system" data-event={m.event} key={m.seq}>
            <span>{localLine(m.text, lang)}</span>
            <time dateTime={m.created_at}>{clockTime(m.created_at, lang)}</time>
          </div>
        ) : (
          <div class={`message ${m.sender}`} data-testid="console-message" data-sender={m.sender} key={m.seq}>
            <span class="who">
              {who(m)} · <time dateTime={m.created_at}>{clockTime(m.created_at, lang)}</time>
            </span>
            <div class="bubble">{m.text}</div>
          </div>
        ),
      )}
      {typing && <div class="typing">{t.customerTyping}</div>}
      <div ref={end} />
    </div>
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
  useEffect(() => {
    setText('');
    input.current?.focus();
  }, [c.id]);

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
      onError(e instanceof ApiError ? e.message : String(e));
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

  const hint = c.status === 'done' ? t.composerDone : heldByOther ? t.composerHeld(holder) : c.status !== 'live' ? t.composerTakesOver : t.composerHint;
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
