// The console's reply box: Enter sends (never during an IME composition), Shift+Enter breaks the
// line; it tells the customer the agent is typing, and says why it is closed when it is.
import { useEffect, useRef, useState } from 'preact/hooks';
import { kMaxMessageChars, kTypingSentEveryMs } from '../../shared/limits';
import type { Conversation } from '../../shared/types';
import { api, ApiError, type Agent } from '../api';
import { errorText } from '../errors';
import { useT } from '../i18n';
import type { Inbox } from '../inbox';

interface ComposerProps {
  conversation: Conversation;
  me: Agent;
  holder: string;
  inbox: Inbox;
  onError: (message: string | null) => void;
}

export function Composer({ conversation: c, me, holder, inbox, onError }: ComposerProps) {
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
        maxLength={kMaxMessageChars}
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
