// Settings → Your account: who is signed in, and Change password (every user). This session
// stays signed in; the server ends the user's other sessions.
import { useState } from 'preact/hooks';
import { api, type Agent } from '../api';
import { errorText } from '../errors';
import { useT } from '../i18n';

export function AccountSection({ me }: { me: Agent }) {
  const { t } = useT();
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState(false);
  return (
    <section class="card" data-testid="console-account">
      <h2>{t.accountTitle}</h2>
      <p class="account-line">
        <span class="name">{me.name}</span> <span class="team-email">{me.email}</span>{' '}
        <span class="team-role">{me.role === 'admin' ? t.admin : t.agent}</span>
      </p>
      {open ? (
        <ChangePasswordForm
          onDone={() => {
            setOpen(false);
            setDone(true);
          }}
          onCancel={() => setOpen(false)}
        />
      ) : (
        <button
          type="button"
          class="secondary"
          data-testid="console-change-password"
          onClick={() => {
            setOpen(true);
            setDone(false);
          }}
        >
          {t.changePassword}
        </button>
      )}
      {done && (
        <p class="hint" role="status" data-testid="console-change-password-done">
          {t.passwordChanged}
        </p>
      )}
    </section>
  );
}

function ChangePasswordForm({ onDone, onCancel }: { onDone: () => void; onCancel: () => void }) {
  const { t } = useT();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.changePassword(current, next);
      onDone();
    } catch (failure) {
      setError(errorText(failure, t));
      setBusy(false);
    }
  };
  return (
    <form class="form account-form" onSubmit={submit}>
      <label>
        {t.currentPassword}
        <input
          data-testid="console-current-password"
          type="password"
          autoComplete="current-password"
          required
          value={current}
          onInput={(e) => setCurrent((e.target as HTMLInputElement).value)}
        />
      </label>
      <label>
        {t.newPassword}
        <input
          data-testid="console-new-password"
          type="password"
          autoComplete="new-password"
          required
          value={next}
          onInput={(e) => setNext((e.target as HTMLInputElement).value)}
        />
        <small>{t.passwordRule}</small>
      </label>
      {error && (
        <p class="form-error" role="alert" data-testid="console-change-password-error">
          {error}
        </p>
      )}
      <div class="form-bar">
        <button type="submit" class="primary" data-testid="console-change-password-submit" disabled={busy}>
          {t.changePassword}
        </button>
        <button type="button" class="ghost" onClick={onCancel}>
          {t.cancel}
        </button>
      </div>
    </form>
  );
}
