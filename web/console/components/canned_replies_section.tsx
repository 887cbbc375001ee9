// Settings → Canned replies (team operations §4.5): any agent adds, edits and deletes the team's
// saved answers, for every assistant or the one shown. Variables are checked by the server when
// saved (an unknown one is refused with its name).
import { useEffect, useState } from 'preact/hooks';
import { kMaxMessageChars } from '../../shared/limits';
import type { CannedReply } from '../../shared/types';
import { api, type Assistant } from '../api';
import { errorText } from '../errors';
import { useT } from '../i18n';

interface Draft {
  id?: string;
  shortcut: string;
  text: string;
  forAssistant: boolean; // false: every assistant
}

// The most a page lists (the server's cap on one search).
const kCannedListed = 500;

const kEmpty: Draft = { shortcut: '', text: '', forAssistant: false };

export function CannedRepliesSection({ assistant }: { assistant: Assistant }) {
  const { t } = useT();
  const [replies, setReplies] = useState<CannedReply[]>([]);
  const [draft, setDraft] = useState<Draft>(kEmpty);
  const [error, setError] = useState<string | null>(null);
  const reload = () =>
    api.cannedReplies({ limit: kCannedListed }).then(
      (all) => setReplies(all.filter((r) => r.assistant_id === null || r.assistant_id === assistant.id)),
      (e) => setError(errorText(e, t)),
    );
  useEffect(() => void reload(), [assistant.id]);

  const save = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      await api.saveCannedReply({
        id: draft.id,
        shortcut: draft.shortcut,
        text: draft.text,
        assistant_id: draft.forAssistant ? assistant.id : null,
      });
      setDraft(kEmpty);
      await reload();
    } catch (failure) {
      setError(errorText(failure, t));
    }
  };
  const remove = async (id: string) => {
    setError(null);
    try {
      await api.deleteCannedReply(id);
      await reload();
    } catch (failure) {
      setError(errorText(failure, t));
    }
  };

  return (
    <section class="card" data-testid="canned-replies-section">
      <h2>{t.cannedSection}</h2>
      <p class="hint">{t.cannedHint}</p>
      <ul class="canned-list">
        {replies.map((r) => (
          <li key={r.id} data-testid="canned-reply-row">
            <strong>/{r.shortcut}</strong>{' '}
            <span class="hint">{r.assistant_id ? assistant.name : t.cannedEveryAssistant}</span>
            <p class="canned-text">{r.text}</p>
            <button
              type="button"
              class="link small"
              onClick={() => setDraft({ id: r.id, shortcut: r.shortcut, text: r.text, forAssistant: !!r.assistant_id })}
            >
              {t.edit}
            </button>{' '}
            <button type="button" class="link small danger" onClick={() => void remove(r.id)}>
              {t.remove}
            </button>
          </li>
        ))}
      </ul>
      <form class="form" onSubmit={save}>
        <label class="stacked">
          {t.cannedShortcut}
          <input
            data-testid="canned-shortcut"
            maxLength={32}
            value={draft.shortcut}
            onInput={(e) => setDraft({ ...draft, shortcut: (e.target as HTMLInputElement).value })}
          />
        </label>
        <label class="stacked">
          {t.cannedText}
          <textarea
            data-testid="canned-text"
            rows={3}
            maxLength={kMaxMessageChars}
            value={draft.text}
            onInput={(e) => setDraft({ ...draft, text: (e.target as HTMLTextAreaElement).value })}
          />
        </label>
        <label class="check-inline">
          <input
            type="checkbox"
            checked={draft.forAssistant}
            onChange={(e) => setDraft({ ...draft, forAssistant: (e.target as HTMLInputElement).checked })}
          />
          {t.cannedScope} {assistant.name}
        </label>
        {error && (
          <p class="form-error" role="alert" data-testid="canned-error">
            {error}
          </p>
        )}
        <div class="form-bar">
          <button type="submit" class="primary" data-testid="canned-save" disabled={!draft.shortcut || !draft.text}>
            {draft.id ? t.save : t.cannedAdd}
          </button>
          {draft.id && (
            <button type="button" class="ghost" onClick={() => setDraft(kEmpty)}>
              {t.cancel}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
