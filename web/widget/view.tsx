// The widget's screens: the launcher bubble and the chat panel (header, messages, composer,
// leave-a-message form). Pure rendering of ChatState; every action goes to ChatSession.
import { useEffect, useRef, useState } from 'preact/hooks';
import { clockTime, openingTime } from '../shared/format';
import { noticeText } from '../shared/notices';
import type { Message } from '../shared/types';
import { kMaxContactChars, kMaxCsatCommentChars, kMaxMessageChars, kMaxNameChars } from '../shared/limits';
import { dragHasFiles, fileIn, leftElement } from '../shared/upload';
import { AttachmentView } from './attachment_view';
import type { ChatSession, ChatState, PendingSend } from './chat_session';
import { AttachButtons, OutgoingFileCard } from './file_chooser';
import type { Lang, Strings } from './i18n';

interface Props {
  session: ChatSession;
  state: ChatState;
  t: Strings;
  lang: Lang;
}

export function Widget({ session, state, t, lang }: Props) {
  const launcher = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(state.open);
  // Closing the panel gives the keyboard focus back to the launcher.
  useEffect(() => {
    if (wasOpen.current && !state.open) launcher.current?.focus();
    wasOpen.current = state.open;
  }, [state.open]);
  if (!state.config) return null;
  return (
    <div class="baton" lang={lang}>
      {state.open && <Panel session={session} state={state} t={t} lang={lang} />}
      <button
        ref={launcher}
        type="button"
        class="launcher"
        data-testid="baton-launcher"
        aria-label={state.open ? t.close : t.open}
        aria-expanded={state.open}
        onClick={() => session.setOpen(!state.open)}
      >
        <span aria-hidden="true">{state.open ? '✕' : '💬'}</span>
        {!state.open && state.unread > 0 && (
          <span class="badge" aria-label={t.unread(state.unread)}>
            {state.unread}
          </span>
        )}
      </button>
    </div>
  );
}

function Panel({ session, state, t, lang }: Props) {
  const config = state.config!;
  const status = state.conversation?.status ?? 'ai';
  const canAskForHuman = config.live_agent_enabled && (status === 'ai' || status === 'done');
  const needsOfflineForm =
    status === 'waiting' && !!state.conversation?.offline_request && !state.conversation?.contact.contact;
  const closeOnEscape = (event: KeyboardEvent) => {
    if (event.key === 'Escape') session.setOpen(false);
  };
  const canSendFiles = !!config.files && !needsOfflineForm;
  // A file dropped anywhere on the panel is chosen for sending (shown first, like a picked one).
  const [dragging, setDragging] = useState(false);
  const onDragOver = (event: DragEvent) => {
    if (!canSendFiles || !dragHasFiles(event.dataTransfer)) return;
    event.preventDefault();
    setDragging(true);
  };
  const onDrop = (event: DragEvent) => {
    setDragging(false);
    const file = canSendFiles ? fileIn(event.dataTransfer) : null;
    if (!file) return;
    event.preventDefault();
    session.chooseFile(file);
  };
  return (
    <section
      class={dragging ? 'panel dragging' : 'panel'}
      role="dialog"
      aria-label={config.name}
      onKeyDown={closeOnEscape}
      onDragEnter={onDragOver}
      onDragOver={onDragOver}
      onDragLeave={(event) => leftElement(event) && setDragging(false)}
      onDrop={onDrop}
    >
      {dragging && (
        <p class="drop-hint" aria-hidden="true">
          {t.dropHere}
        </p>
      )}
      <header class="header">
        <div class="avatar" aria-hidden="true">
          {config.name.slice(0, 1)}
        </div>
        <div class="titles">
          <h2>{config.name || t.title}</h2>
          <p class="presence" aria-live="polite">
            <span class={state.agentsOnline > 0 ? 'dot on' : 'dot'} aria-hidden="true" />
            <span data-testid="baton-agents-online" data-count={state.agentsOnline}>
              {state.agentsOnline}
            </span>
            <span> {t.agentsLabel(state.agentsOnline)}</span>
          </p>
          {state.agentsOnline === 0 && config.open_now === false && config.next_open_at && (
            <p class="next-open" data-testid="baton-next-open" data-at={config.next_open_at}>
              {t.nextOpen(openingTime(config.next_open_at, lang))}
            </p>
          )}
        </div>
        <button type="button" class="close" aria-label={t.close} onClick={() => session.setOpen(false)}>
          ✕
        </button>
      </header>
      <MessageList state={state} t={t} lang={lang} session={session} />
      <StatusLine state={state} t={t} session={session} />
      {state.error && (
        <p class="error" role="alert">
          {state.error}
        </p>
      )}
      {needsOfflineForm ? (
        <OfflineForm session={session} t={t} />
      ) : (
        <>
          {state.offlineSent && <p class="notice">{t.offlineThanks}</p>}
          {canAskForHuman && (
            <button
              type="button"
              class="handoff"
              data-testid="baton-handoff"
              onClick={() => void session.requestHandoff()}
            >
              {state.agentsOnline > 0 ? t.handoff : `${t.handoff} · ${t.leaveMessage}`}
            </button>
          )}
          {state.outgoingFile && (
            <OutgoingFileCard outgoing={state.outgoingFile} limits={config.files} session={session} t={t} />
          )}
          <Composer session={session} t={t} files={canSendFiles} />
        </>
      )}
    </section>
  );
}

function MessageList({ state, t, lang, session }: Props) {
  const end = useRef<HTMLDivElement>(null);
  useEffect(
    () => end.current?.scrollIntoView({ block: 'end' }),
    [state.messages.length, state.pending.length, state.agentTyping, state.draft],
  );
  return (
    <div class="messages" role="log" aria-live="polite" aria-label={t.messagesLabel}>
      {state.config!.greeting && (
        <div class="row ai" data-testid="baton-greeting">
          <div class="bubble">{state.config!.greeting}</div>
        </div>
      )}
      {state.messages.map((m) =>
        m.event === 'csat_requested' && m.csat ? (
          <SurveyCard key={m.seq} message={m} state={state} session={session} t={t} lang={lang} />
        ) : (
          <MessageRow key={m.seq} message={m} t={t} lang={lang} session={session} />
        ),
      )}
      {state.pending.map((p) => (
        <PendingRow key={p.clientId} pending={p} t={t} onRetry={() => session.retry(p.clientId)} />
      ))}
      {state.draft && (
        <div class="row ai draft" data-testid="baton-draft" aria-busy="true">
          <span class="who">{t.assistant}</span>
          <div class="bubble">{state.draft}</div>
        </div>
      )}
      {state.agentTyping !== null && (
        <div class="typing" aria-live="polite">
          <span class="dots" aria-hidden="true">
            <i />
            <i />
            <i />
          </span>
          {t.typing(state.agentTyping)}
        </div>
      )}
      <div ref={end} />
    </div>
  );
}

function senderLabel(m: Message, t: Strings): string {
  if (m.sender === 'customer') return t.you;
  if (m.sender === 'ai') return t.assistant;
  if (m.sender === 'agent') return m.agent_name || t.agent;
  return '';
}

function MessageRow({ message, t, lang, session }: { message: Message; t: Strings; lang: Lang; session: ChatSession }) {
  if (message.sender === 'system') {
    return (
      <div class="row system" data-testid="baton-message" data-sender="system" data-event={message.event}>
        <p class="system-text">{noticeText(message, t.notices, lang)}</p>
      </div>
    );
  }
  return (
    <div class={`row ${message.sender}`} data-testid="baton-message" data-sender={message.sender}>
      <span class="who">{senderLabel(message, t)}</span>
      <div class={message.attachment && !message.text ? 'bubble with-file' : 'bubble'}>
        {message.text}
        {message.attachment && <AttachmentView attachment={message.attachment} session={session} t={t} />}
      </div>
      <time dateTime={message.created_at}>{clockTime(message.created_at, lang)}</time>
    </div>
  );
}

// The satisfaction survey after an agent's Done: 1-5, each with its words, an optional comment,
// then the thanks (which a reload shows too: the notice carries the score once given).
function SurveyCard({ message, state, session, t, lang }: Props & { message: Message }) {
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [sending, setSending] = useState(false);
  const survey = message.csat!;
  const closed = state.surveysClosed[survey.survey_id];
  const question = noticeText(message, t.notices, lang);
  let body;
  if (survey.score) {
    body = (
      <p class="csat-thanks" data-testid="baton-csat-thanks">
        {t.csatThanks(survey.score, t.csatScores[survey.score - 1])}
      </p>
    );
  } else if (closed) {
    body = (
      <p class="csat-thanks" data-testid="baton-csat-closed">
        {closed === 'already_rated' ? t.csatAlreadyRated : t.csatExpired}
      </p>
    );
  } else {
    const submit = async (event: Event) => {
      event.preventDefault();
      if (!score || sending) return;
      setSending(true);
      await session.rate(message, score, comment);
      setSending(false);
    };
    body = (
      <form class="csat-form" onSubmit={submit}>
        <div class="csat-scores" role="radiogroup" aria-label={question}>
          {t.csatScores.map((words, index) => (
            <button
              type="button"
              role="radio"
              aria-checked={score === index + 1}
              class={score === index + 1 ? 'csat-score chosen' : 'csat-score'}
              data-testid="baton-csat-score"
              data-score={index + 1}
              onClick={() => setScore(index + 1)}
            >
              <b>{index + 1}</b>
              <span>{words}</span>
            </button>
          ))}
        </div>
        {score && (
          <>
            <textarea
              data-testid="baton-csat-comment"
              maxLength={kMaxCsatCommentChars}
              placeholder={t.csatComment}
              aria-label={t.csatComment}
              value={comment}
              onInput={(event) => setComment((event.target as HTMLTextAreaElement).value)}
            />
            <button type="submit" class="csat-submit" data-testid="baton-csat-submit" disabled={sending}>
              {t.csatSubmit}
            </button>
          </>
        )}
      </form>
    );
  }
  return (
    <div class="row system csat" data-testid="baton-csat" data-survey={survey.survey_id}>
      <p class="system-text">{question}</p>
      {body}
    </div>
  );
}

function PendingRow({ pending, t, onRetry }: { pending: PendingSend; t: Strings; onRetry: () => void }) {
  return (
    <div class="row customer pending" data-state={pending.state}>
      <div class="bubble">{pending.text}</div>
      {pending.state === 'failed' ? (
        <button type="button" class="retry" onClick={onRetry}>
          {t.failed}
        </button>
      ) : (
        <span class="who">{t.sending}</span>
      )}
    </div>
  );
}

function StatusLine({ state, t, session }: { state: ChatState; t: Strings; session: ChatSession }) {
  const conversation = state.conversation;
  if (!state.connected && conversation) return <p class="status">{t.reconnecting}</p>;
  if (conversation?.status === 'waiting' && !conversation.offline_request) {
    return (
      <p class="status" aria-live="polite">
        {t.waiting}{' '}
        {state.queuePosition ? (
          <span data-testid="baton-queue-position" data-position={state.queuePosition}>
            {t.queuePlace(state.queuePosition)}
          </span>
        ) : null}{' '}
        <button
          type="button"
          class="link"
          data-testid="baton-cancel-handoff"
          onClick={() => void session.cancelHandoff()}
        >
          {t.cancelHandoff}
        </button>
      </p>
    );
  }
  if (conversation?.status === 'live') {
    const lastAgent = [...state.messages].reverse().find((m) => m.sender === 'agent');
    return <p class="status">{t.live(lastAgent?.agent_name ?? '')}</p>;
  }
  return null;
}

function Composer({ session, t, files }: { session: ChatSession; t: Strings; files: boolean }) {
  const [text, setText] = useState('');
  const input = useRef<HTMLTextAreaElement>(null);
  useEffect(() => input.current?.focus(), []);
  const submit = () => {
    if (!text.trim()) return;
    void session.send(text);
    setText('');
  };
  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <textarea
        ref={input}
        data-testid="baton-input"
        rows={1}
        maxLength={kMaxMessageChars}
        placeholder={t.placeholder}
        aria-label={t.placeholder}
        value={text}
        onInput={(event) => {
          setText((event.target as HTMLTextAreaElement).value);
          session.typing();
        }}
        onPaste={(event) => {
          // A pasted picture or file is chosen for sending; pasted text stays text.
          const file = files ? fileIn(event.clipboardData) : null;
          if (!file) return;
          event.preventDefault();
          session.chooseFile(file);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            submit();
          }
        }}
      />
      {files && <AttachButtons session={session} t={t} />}
      <button type="submit" data-testid="baton-send" aria-label={t.send} disabled={!text.trim()}>
        {t.send}
      </button>
    </form>
  );
}

function OfflineForm({ session, t }: { session: ChatSession; t: Strings }) {
  const [name, setName] = useState('');
  const [contact, setContact] = useState('');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <form
      class="offline"
      data-testid="baton-offline-form"
      onSubmit={async (event) => {
        event.preventDefault();
        setBusy(true);
        await session.leaveMessage(name, contact, text);
        setBusy(false);
      }}
    >
      <p>{t.offlineTitle}</p>
      <label>
        {t.offlineName}
        <input
          data-testid="baton-offline-name"
          required
          maxLength={kMaxNameChars}
          value={name}
          onInput={(e) => setName((e.target as HTMLInputElement).value)}
        />
      </label>
      <label>
        {t.offlineContact}
        <input
          data-testid="baton-offline-contact"
          required
          maxLength={kMaxContactChars}
          value={contact}
          onInput={(e) => setContact((e.target as HTMLInputElement).value)}
        />
      </label>
      <label>
        {t.offlineText}
        <textarea
          data-testid="baton-offline-text"
          required
          maxLength={kMaxMessageChars}
          rows={3}
          value={text}
          onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
        />
      </label>
      <button type="submit" data-testid="baton-offline-submit" disabled={busy}>
        {t.offlineSubmit}
      </button>
    </form>
  );
}
