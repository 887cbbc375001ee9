// Settings → LINE: connect the assistant to a LINE Official Account. The credentials go to the
// server and never come back; the webhook URL is shown to paste into the LINE Developers console.
import { useEffect, useState } from 'preact/hooks';
import { api, type LineConnection } from '../api';
import { errorText } from '../errors';
import { useT } from '../i18n';
import { CopyButton } from './copy_button';
import { LineQuotaFigures } from './line_quota';

export function LineSettings({ assistantId, editable }: { assistantId: string; editable: boolean }) {
  const { t } = useT();
  const [connection, setConnection] = useState<LineConnection | null>(null);
  const [secret, setSecret] = useState('');
  const [token, setToken] = useState('');
  const [note, setNote] = useState<string | null>(null);
  useEffect(() => {
    api.lineChannel(assistantId).then(setConnection, () => setConnection(null));
  }, [assistantId]);
  const save = async (e: Event) => {
    e.preventDefault();
    try {
      setConnection(await api.connectLine(assistantId, secret, token));
      setSecret('');
      setToken('');
      setNote(t.saved);
    } catch (error) {
      setNote(errorText(error, t));
    }
  };
  return (
    <section class="card">
      <h2>{t.lineTitle}</h2>
      <p class="hint">{connection?.connected ? t.lineConnected : t.lineNotConnected}</p>
      {connection && (
        <div class="snippet">
          <code data-testid="console-line-webhook-url">{connection.webhook_url}</code>
          <CopyButton text={connection.webhook_url} testId="console-copy-webhook-url" />
        </div>
      )}
      {connection?.connected && <LineQuotaFigures assistantId={assistantId} />}
      {connection?.connected && (
        <>
          <p class="hint">{t.lineRichMenu}</p>
          <div class="snippet">
            <code data-testid="console-line-richmenu">{`baton line richmenu --assistant ${assistantId}`}</code>
            <CopyButton text={`baton line richmenu --assistant ${assistantId}`} testId="console-copy-richmenu" />
          </div>
        </>
      )}
      {editable && (
        <form class="form line-form" onSubmit={save}>
          <label>
            {t.lineSecret}
            <input
              data-testid="console-line-secret"
              type="password"
              autoComplete="off"
              required
              value={secret}
              onInput={(e) => setSecret((e.target as HTMLInputElement).value)}
            />
          </label>
          <label>
            {t.lineToken}
            <input
              data-testid="console-line-token"
              type="password"
              autoComplete="off"
              required
              value={token}
              onInput={(e) => setToken((e.target as HTMLInputElement).value)}
            />
          </label>
          <div class="form-bar">
            <button type="submit" class="primary" data-testid="console-line-save">
              {connection?.connected ? t.lineReplace : t.lineConnect}
            </button>
            {note && <span role="status">{note}</span>}
          </div>
        </form>
      )}
    </section>
  );
}
