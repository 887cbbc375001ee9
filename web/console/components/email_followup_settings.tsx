// Settings → E-mail follow-up (team operations §4.12): whether agents' answers follow a web
// visitor who left an e-mail address and went away, and how long to wait for them first.
// Admins change it; agents read.
import { useState } from 'preact/hooks';
import { api, type Assistant } from '../api';
import { errorText } from '../errors';
import { useT } from '../i18n';

interface Props {
  assistant: Assistant;
  editable: boolean;
  onSaved: (assistant: Assistant) => void;
}

interface Draft {
  email_followup: boolean;
  email_followup_delay_s: string; // as typed
}

const draftOf = (a: Assistant): Draft => ({
  email_followup: a.email_followup,
  email_followup_delay_s: String(a.email_followup_delay_s),
});

export function EmailFollowupSettings({ assistant, editable, onSaved }: Props) {
  const { t } = useT();
  const [draft, setDraft] = useState(() => draftOf(assistant));
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const change = (patch: Partial<Draft>) => {
    setDraft({ ...draft, ...patch });
    setNote(null);
  };
  const save = async (e: Event) => {
    e.preventDefault();
    setNote(null);
    setError(null);
    try {
      const saved = await api.updateAssistant(assistant.id, {
        email_followup: draft.email_followup,
        email_followup_delay_s: Number(draft.email_followup_delay_s),
      });
      onSaved(saved);
      setDraft(draftOf(saved));
      setNote(t.saved);
    } catch (failure) {
      setError(errorText(failure, t));
    }
  };
  return (
    <form class="card form" onSubmit={save} data-testid="email-followup-settings">
      <h2>{t.emailTitle}</h2>
      <p class="hint">{t.emailHint}</p>
      <label class="check">
        <input
          type="checkbox"
          data-testid="email-followup"
          disabled={!editable}
          checked={draft.email_followup}
          onChange={(e) => change({ email_followup: (e.target as HTMLInputElement).checked })}
        />
        <span>{t.emailFollowup}</span>
      </label>
      <label>
        {t.emailDelay}
        <input
          type="number"
          min={10}
          max={86400}
          step={1}
          required
          class="narrow"
          data-testid="email-followup-delay"
          disabled={!editable}
          value={draft.email_followup_delay_s}
          onInput={(e) => change({ email_followup_delay_s: (e.target as HTMLInputElement).value })}
        />
      </label>
      {error && (
        <p class="form-error" role="alert" data-testid="email-followup-error">
          {error}
        </p>
      )}
      {editable && (
        <div class="form-bar">
          <button type="submit" class="primary" data-testid="email-followup-save">
            {t.save}
          </button>
          {note && <span role="status">{note}</span>}
        </div>
      )}
    </form>
  );
}
