// The console's reply box, which is also where internal notes are written (Alt+N switches).
// Enter sends (never during an IME composition, never while a picker is open), Shift+Enter
// breaks the line; `/` at the start of a word opens the canned replies, `@` in a note the team.
// A reply tells the customer the agent is typing; a note never reaches the customer. A file
// (attach button, paste, or a drop on the reply area) is shown first and sent as its own message.
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { kMaxMessageChars, kTypingSentEveryMs } from '../../shared/limits';
import type { CannedReply, Conversation } from '../../shared/types';
import { dragHasFiles, fileIn, leftElement } from '../../shared/upload';
import { api, ApiError, type Agent } from '../api';
import { errorText } from '../errors';
import { useT } from '../i18n';
import type { Inbox } from '../inbox';
import { wordAt, type Word } from '../keyboard';
import { AttachButton, OutgoingFileCard, useOutgoingFile } from './file_attach';
import { Picker, pickerKey, type PickerItem } from './picker';

export type ComposerMode = 'reply' | 'note';

interface ComposerProps {
  conversation: Conversation;
  me: Agent;
  holder: string;
  inbox: Inbox;
  mode: ComposerMode;
  onError: (message: string | null) => void;
}

// The server's rule (shortcut prefix or text, ASCII case folded), applied again to the answer on
// screen: one found for an earlier query never shows, or gets picked, under a later one.
function cannedMatches(reply: CannedReply, query: string): boolean {
  const q = query.toLowerCase();
  return reply.shortcut.toLowerCase().startsWith(q) || reply.text.toLowerCase().includes(q);
}

// Whether `tag` ("@Ann") is still in the note as a whole name (not as the start of "@Anna").
function namedIn(body: string, tag: string): boolean {
  for (let at = body.indexOf(tag); at >= 0; at = body.indexOf(tag, at + 1)) {
    const after = body[at + tag.length];
    if (after === undefined || !/[\p{L}\p{N}_]/u.test(after)) return true;
  }
  return false;
}

// How many canned replies the picker shows.
const kPickerSize = 20;

// How long typing pauses before the canned replies are searched.
const kSearchDelayMs = 120;

export function Composer({ conversation: c, me, holder, inbox, mode, onError }: ComposerProps) {
  const { t } = useT();
  // One draft per mode: switching between reply and note never sends one as the other.
  const [drafts, setDrafts] = useState<Record<ComposerMode, string>>({ reply: '', note: '' });
  const text = drafts[mode];
  const setText = (value: string) => setDrafts((all) => ({ ...all, [mode]: value }));
  const [busy, setBusy] = useState(false);
  const [word, setWord] = useState<Word | null>(null); // the `/…` or `@…` word at the caret
  const [canned, setCanned] = useState<CannedReply[]>([]);
  const [mentions, setMentions] = useState<Map<string, string>>(new Map()); // agent id → the "@Name" inserted
  const [active, setActive] = useState(0); // the picker's item under the arrows
  const lastTyping = useRef(0);
  const composing = useRef(false);
  const input = useRef<HTMLTextAreaElement>(null);
  const pendingCaret = useRef<number | null>(null);
  useLayoutEffect(() => {
    const el = input.current;
    if (!el || pendingCaret.current === null) return;
    el.focus();
    el.setSelectionRange(pendingCaret.current, pendingCaret.current);
    pendingCaret.current = null;
  });
  // A fresh composer per conversation (keyed by its id): clearing the text in an effect instead
  // could wipe what was typed in the moment after opening it.
  useEffect(() => input.current?.focus(), []);
  useEffect(() => input.current?.focus(), [mode]);

  const note = mode === 'note';
  const heldByOther = c.status === 'live' && !!c.assigned_agent_id && c.assigned_agent_id !== me.id;
  const blocked = !note && (c.status === 'done' || heldByOther);
  const files = useOutgoingFile(c.id, c.assistant_id, (message) => {
    inbox.addOwnMessage(message);
    onError(null);
  });
  const [dragging, setDragging] = useState(false);
  // A pasted or dropped file: for the customer, so only in a reply the agent may send.
  const takeFile = (event: Event, data: DataTransfer | null): void => {
    const file = fileIn(data);
    if (!file || blocked) return;
    event.preventDefault();
    if (note) onError(t.noFilesInNotes);
    else void files.choose(file);
  };
  const acceptDrag = (event: DragEvent): void => {
    if (!dragHasFiles(event.dataTransfer) || blocked) return;
    event.preventDefault(); // this element takes the drop
    setDragging(true);
  };

  // The canned replies for the `/word` at the caret, searched by the server (shortcut prefix, then text).
  const cannedQuery = word?.kind === 'canned' ? word.query : null;
  useEffect(() => {
    if (cannedQuery === null) return;
    let current = true;
    const timer = setTimeout(() => {
      api.cannedReplies({ q: cannedQuery, conversationId: c.id, limit: kPickerSize }).then(
        (found) => current && setCanned(found),
        () => current && setCanned([]),
      );
    }, kSearchDelayMs);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [cannedQuery, c.id]);

  const team = Array.from(inbox.state.agents.values()).filter((a) => !a.disabled && a.id !== me.id);
  const items: PickerItem[] =
    word?.kind === 'canned'
      ? canned
          .filter((r) => cannedMatches(r, word.query))
          .map((r) => ({ key: r.id, title: `/${r.shortcut}`, detail: r.rendered ?? r.text }))
      : word?.kind === 'mention' && note
        ? team
            .filter((a) => a.name.toLowerCase().includes(word.query.toLowerCase()))
            .map((a) => ({ key: a.id, title: `@${a.name}`, detail: a.email }))
        : [];
  const pickerOpen = word !== null && (word.kind === 'canned' || note);
  const itemKeys = items.map((i) => i.key).join(' ');
  useEffect(() => setActive(0), [itemKeys]);

  // What the caret is in, read after every change the agent makes (not during a composition).
  const readWord = () => {
    const el = input.current;
    if (!el || composing.current) return;
    const found = wordAt(el.value, el.selectionStart ?? el.value.length);
    setWord(found && (found.kind === 'canned' || note) ? found : null);
  };

  // Replaces the word at the caret with `insert` (canned text inserts where the caret is, never
  // over the rest of the message) and puts the caret after it.
  const replaceWord = (insert: string) => {
    const el = input.current;
    if (!el || !word) return;
    const next = el.value.slice(0, word.start) + insert + el.value.slice(word.end);
    setText(next);
    setWord(null);
    // Placed as soon as the text is rendered (not a frame later, when a fast typist's next
    // letter may already be in).
    pendingCaret.current = word.start + insert.length;
  };

  const choose = (key: string) => {
    if (word?.kind === 'canned') {
      const reply = canned.find((r) => r.id === key);
      if (reply) replaceWord(reply.rendered ?? reply.text);
    } else {
      const agent = inbox.state.agents.get(key);
      if (!agent) return;
      setMentions(new Map(mentions).set(agent.id, `@${agent.name}`));
      replaceWord(`@${agent.name} `);
    }
  };

  const send = async () => {
    const body = text.trim();
    if (!body || blocked || busy) return;
    setBusy(true);
    try {
      if (note) {
        // Only the teammates whose @Name is still in the text are told.
        const named = Array.from(mentions.entries())
          .filter(([, tag]) => namedIn(body, tag))
          .map(([id]) => id);
        inbox.addOwnNote(await api.addNote(c.id, body, named));
        setMentions(new Map());
      } else {
        inbox.addOwnMessage(await api.send(c.id, body));
      }
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
    if (note || now - lastTyping.current < kTypingSentEveryMs || c.status !== 'live') return;
    lastTyping.current = now;
    api.typing(c.id).catch(() => undefined);
  };

  const hint = note
    ? t.noteHint
    : c.status === 'done'
      ? t.composerDone
      : heldByOther
        ? t.composerHeld(holder)
        : c.status !== 'live'
          ? t.composerTakesOver
          : `${t.composerHint} · ${t.cannedHint}`;
  return (
    <form
      class={`composer${note ? ' note-mode' : ''}${dragging ? ' dragging' : ''}`}
      data-mode={mode}
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
      onDragEnter={acceptDrag}
      onDragOver={acceptDrag}
      onDragLeave={(e) => leftElement(e) && setDragging(false)}
      onDrop={(e) => {
        setDragging(false);
        takeFile(e, e.dataTransfer);
      }}
    >
      {dragging && (
        <p class="drop-hint" aria-hidden="true">
          {t.dropFileHere}
        </p>
      )}
      {files.outgoing && !note && (
        <OutgoingFileCard outgoing={files.outgoing} onSend={() => void files.send()} onRemove={files.forget} />
      )}
      {pickerOpen && (
        <Picker
          title={word?.kind === 'canned' ? t.cannedTitle : t.mentionsTitle}
          empty={word?.kind === 'canned' ? t.cannedNone : ''}
          items={items}
          active={Math.min(active, Math.max(0, items.length - 1))}
          testId={word?.kind === 'canned' ? 'canned-picker' : 'mention-picker'}
          onChoose={choose}
        />
      )}
      <textarea
        ref={input}
        data-testid="console-input"
        rows={3}
        maxLength={kMaxMessageChars}
        disabled={blocked}
        aria-label={note ? t.addNote : t.send}
        placeholder={note ? t.noteHint : ''}
        value={text}
        onInput={(e) => {
          setText((e.target as HTMLTextAreaElement).value);
          readWord();
          typing();
        }}
        onClick={readWord}
        onPaste={(e) => takeFile(e, e.clipboardData)}
        onKeyUp={(e) => {
          if (e.key === 'ArrowLeft' || e.key === 'ArrowRight' || e.key === 'Home' || e.key === 'End') readWord();
        }}
        onCompositionStart={() => (composing.current = true)}
        onCompositionEnd={() => {
          composing.current = false;
          readWord();
        }}
        onKeyDown={(e) => {
          // An input method uses Enter to pick its candidate: never a send (keyCode 229 is the
          // composing key on browsers that end the composition before the keydown).
          if (e.isComposing || e.keyCode === 229) return;
          const move = pickerOpen ? pickerKey(e, items.length) : null;
          if (move) {
            e.preventDefault();
            e.stopPropagation(); // Escape closes the picker, nothing else
            if ('close' in move) setWord(null);
            else if ('move' in move) setActive((i) => (i + move.move + items.length) % items.length);
            else if ('pick' in move) choose(items[Math.min(active, items.length - 1)].key);
            return;
          }
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            void send();
          }
        }}
      />
      <div class="composer-bar">
        <span class="hint">{hint}</span>
        {!note && <AttachButton disabled={blocked} onChoose={(file) => void files.choose(file)} />}
        <button
          type="submit"
          class="primary"
          data-testid={note ? 'note-send' : 'console-send'}
          disabled={blocked || busy || !text.trim()}
        >
          {note ? t.addNote : t.send}
        </button>
      </div>
    </form>
  );
}
