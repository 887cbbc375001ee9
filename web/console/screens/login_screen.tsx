// Sign-in: e-mail and password; why the last session ended, and errors from the server (too
// many tries and how long to wait, a disabled account) in the agent's language.
import { useState } from 'preact/hooks';
import { api, LoginError, type Agent } from '../api';
import { errorText } from '../errors';
import { useT, type Lang, type Strings } from '../i18n';

// What a refused sign-in tells the agent.
function loginErrorText(error: unknown, t: Strings): string {
  if (error instanceof LoginError && error.status === 429) {
    return t.rateLimited(t.waitTime(error.retryAfterSeconds ?? 60));
  }
  return errorText(error, t);
}

export function LoginScreen({
  onSignedIn,
  setLang,
  notice,
}: {
  onSignedIn: (agent: Agent) => void;
  setLang: (lang: Lang) => void;
  notice: string | null;
}) {
  const { t, lang } = useT();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ code: string; text: string } | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn((await api.login(email, password)).agent);
    } catch (e) {
      setError({ code: e instanceof LoginError ? e.code : 'error', text: loginErrorText(e, t) });
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
        {notice && !error && (
          <p class="form-notice" role="status" data-testid="console-session-ended">
            {notice}
          </p>
        )}
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
          <p class="form-error" role="alert" data-testid="console-login-error" data-code={error.code}>
            {error.text}
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
