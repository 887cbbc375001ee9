// Sign-in: e-mail and password; errors from the server shown as they come.
import { useState } from 'preact/hooks';
import { api, ApiError, type Agent } from '../api';
import { useT, type Lang } from '../i18n';

export function LoginScreen({
  onSignedIn,
  setLang,
}: {
  onSignedIn: (agent: Agent) => void;
  setLang: (lang: Lang) => void;
}) {
  const { t, lang } = useT();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn((await api.login(email, password)).agent);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="login">
      <form class="card login-card" onSubmit={submit}>
        <div class="brand big">
          <span class="logo" aria-hidden="true">
            ◆
          </span>{' '}
          Baton
        </div>
        <h1>{t.signInTitle}</h1>
        <label>
          {t.email}
          <input
            data-testid="console-email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onInput={(e) => setEmail((e.target as HTMLInputElement).value)}
          />
        </label>
        <label>
          {t.password}
          <input
            data-testid="console-password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword((e.target as HTMLInputElement).value)}
          />
        </label>
        {error && (
          <p class="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="primary" data-testid="console-login" disabled={busy}>
          {busy ? t.signingIn : t.signIn}
        </button>
        <select
          class="lang"
          aria-label={t.language}
          value={lang}
          onChange={(e) => setLang((e.target as HTMLSelectElement).value as Lang)}
        >
          <option value="zh-TW">中文</option>
          <option value="en">English</option>
        </select>
      </form>
    </div>
  );
}
