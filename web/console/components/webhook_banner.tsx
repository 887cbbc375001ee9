// Admins only: an outgoing webhook Baton turned off by itself (its receiver answered 410 Gone, or
// its deliveries failed for three days), with the way to turn it back on.
import { useEffect, useState } from 'preact/hooks';
import { api, type Webhook } from '../api';
import { errorText } from '../errors';
import { useT } from '../i18n';

const kRecheckMs = 5 * 60_000;

const turnedOffByBaton = (webhook: Webhook) =>
  !webhook.enabled && (webhook.disabled_reason === 'gone' || webhook.disabled_reason === 'failing');

export function WebhookBanner() {
  const { t } = useT();
  const [off, setOff] = useState<Webhook[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = () =>
    api.webhooks().then(
      (all) => setOff(all.filter(turnedOffByBaton)),
      () => undefined, // a banner is no reason to bother anyone with an error
    );
  useEffect(() => {
    void load();
    const timer = setInterval(load, kRecheckMs);
    return () => clearInterval(timer);
  }, []);
  if (off.length === 0) return null;
  const enable = async (webhook: Webhook) => {
    try {
      await api.enableWebhook(webhook.id);
      setError(null);
      await load();
    } catch (failure) {
      setError(errorText(failure, t));
    }
  };
  return (
    <div class="webhook-banner" role="alert" data-testid="webhook-banner">
      {off.map((webhook) => (
        <p key={webhook.id}>
          {webhook.disabled_reason === 'gone' ? t.webhookGone(webhook.url) : t.webhookFailing(webhook.url)}{' '}
          <button type="button" onClick={() => void enable(webhook)} data-testid="webhook-enable">
            {t.webhookEnable}
          </button>
        </p>
      ))}
      {error && <p class="error">{error}</p>}
    </div>
  );
}
