// Settings → Webhooks (admins; team operations §4.11): endpoints other systems (a CRM, a ticket
// tool) are told at, signed the Standard Webhooks way. The signing secret is shown once, at
// creation; each endpoint's deliveries can be read, filtered by status and retried. An endpoint
// Baton turned off (410 Gone, or three days of failures) says so in a banner.
import { useEffect, useState } from 'preact/hooks';
import { api, type Webhook, type WebhookDelivery } from '../api';
import { errorText } from '../errors';
import { useT } from '../i18n';
import { ConfirmDialog } from './confirm_dialog';
import { CopyButton } from './copy_button';

const kEventTypes = [
  'conversation.created',
  'conversation.handoff_requested',
  'conversation.assigned',
  'conversation.transferred',
  'conversation.requeued',
  'conversation.done',
  'conversation.reactivated',
  'conversation.abandoned',
  'message.created',
  'offline_message.created',
  'csat.submitted',
];

export function WebhooksSection() {
  const { t } = useT();
  const [webhooks, setWebhooks] = useState<Webhook[]>([]);
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<string[]>(['*']);
  const [secret, setSecret] = useState<{ id: string; secret: string } | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Webhook | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = () => api.webhooks().then(setWebhooks, (e) => setError(errorText(e, t)));
  useEffect(() => void reload(), []);
  const run = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
      await reload();
    } catch (failure) {
      setError(errorText(failure, t));
    }
  };
  const toggleEvent = (type: string, on: boolean) => {
    const chosen = events.filter((e) => e !== '*' && e !== type);
    setEvents(on ? [...chosen, type] : chosen.length ? chosen : ['*']);
  };
  const create = async (e: Event) => {
    e.preventDefault();
    await run(async () => {
      const made = await api.createWebhook(url.trim(), events, description.trim());
      setSecret({ id: made.id, secret: made.secret });
      setUrl('');
      setDescription('');
      setEvents(['*']);
    });
  };
  return (
    <section class="card" data-testid="webhooks-section">
      <h2>{t.webhooksSection}</h2>
      <p class="hint">{t.webhooksHint}</p>
      {webhooks.map((w) => (
        <div class="webhook" key={w.id} data-testid="webhook-row" data-id={w.id} data-enabled={String(w.enabled)}>
          {!w.enabled && w.disabled_reason && w.disabled_reason !== 'admin' && (
            <p class="banner warn" role="alert" data-testid="webhook-disabled-banner">
              {w.disabled_reason === 'gone' ? t.webhookGone(w.url) : t.webhookFailing(w.url)}
            </p>
          )}
          <div class="webhook-head">
            <code class="webhook-url">{w.url}</code>
            {w.description && <span class="hint"> · {w.description}</span>}
            <span class="hint"> · {w.events.includes('*') ? t.webhookAllEvents : w.events.join(', ')}</span>
          </div>
          {secret?.id === w.id && (
            <p class="secret" data-testid="webhook-secret">
              {t.webhookSecretOnce} <code>{secret.secret}</code>{' '}
              <CopyButton text={secret.secret} testId="webhook-secret-copy" />
            </p>
          )}
          <div class="actions">
            <label class="check">
              <input
                type="checkbox"
                data-testid="webhook-enabled"
                checked={w.enabled}
                onChange={(e) =>
                  void run(() => api.updateWebhook(w.id, { enabled: (e.target as HTMLInputElement).checked }))
                }
              />
              <span>{t.webhookEnabled}</span>
            </label>
            <button
              type="button"
              class="secondary"
              data-testid="webhook-test"
              onClick={() => void run(() => api.testWebhook(w.id)).then(() => setOpen(w.id))}
            >
              {t.webhookTest}
            </button>
            <button
              type="button"
              class="secondary"
              data-testid="webhook-deliveries-button"
              onClick={() => setOpen(open === w.id ? null : w.id)}
            >
              {t.webhookDeliveries}
            </button>
            <button type="button" class="link small danger" data-testid="webhook-delete" onClick={() => setDeleting(w)}>
              {t.remove}
            </button>
          </div>
          {open === w.id && <DeliveryLog webhookId={w.id} onError={setError} />}
        </div>
      ))}
      <form class="form" onSubmit={(e) => void create(e)}>
        <label>
          {t.webhookUrl}
          <input
            data-testid="webhook-url"
            type="url"
            required
            placeholder="https://crm.example.com/hooks/baton"
            value={url}
            onInput={(e) => setUrl((e.target as HTMLInputElement).value)}
          />
        </label>
        <label>
          {t.webhookDescription}
          <input
            data-testid="webhook-description"
            maxLength={500}
            value={description}
            onInput={(e) => setDescription((e.target as HTMLInputElement).value)}
          />
        </label>
        <fieldset class="webhook-events">
          <legend>{t.webhookEvents}</legend>
          <label class="check">
            <input
              type="checkbox"
              data-testid="webhook-event-all"
              checked={events.includes('*')}
              onChange={(e) => (e.target as HTMLInputElement).checked && setEvents(['*'])}
            />
            <span>{t.webhookAllEvents}</span>
          </label>
          {kEventTypes.map((type) => (
            <label class="check" key={type}>
              <input
                type="checkbox"
                data-testid="webhook-event"
                data-type={type}
                checked={events.includes(type)}
                onChange={(e) => toggleEvent(type, (e.target as HTMLInputElement).checked)}
              />
              <span>
                <code>{type}</code>
              </span>
            </label>
          ))}
        </fieldset>
        <button type="submit" class="primary" data-testid="webhook-add" disabled={!url.trim()}>
          {t.webhookAdd}
        </button>
      </form>
      {error && (
        <p class="form-error" role="alert" data-testid="webhook-error">
          {error}
        </p>
      )}
      {deleting && (
        <ConfirmDialog
          title={t.webhookDeleteTitle}
          text={deleting.url}
          confirm={t.remove}
          testId="webhook-delete-confirm"
          onConfirm={() => {
            const id = deleting.id;
            setDeleting(null);
            void run(() => api.deleteWebhook(id));
          }}
          onCancel={() => setDeleting(null)}
        />
      )}
    </section>
  );
}

// One endpoint's deliveries, newest first, by status; a failed or pending one can be sent again
// now (with the same webhook-id, so the receiver can drop a copy it already has).
function DeliveryLog({ webhookId, onError }: { webhookId: string; onError: (text: string | null) => void }) {
  const { t, lang } = useT();
  const [status, setStatus] = useState('');
  const [deliveries, setDeliveries] = useState<WebhookDelivery[] | null>(null);
  const load = () => api.webhookDeliveries(webhookId, status).then(setDeliveries, (e) => onError(errorText(e, t)));
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), 3000); // attempts land in the background
    return () => clearInterval(timer);
  }, [webhookId, status]);
  const retry = async (id: string) => {
    try {
      await api.retryDelivery(webhookId, id);
      await load();
    } catch (failure) {
      onError(errorText(failure, t));
    }
  };
  return (
    <div class="deliveries" data-testid="webhook-deliveries">
      <label>
        {t.webhookStatus}{' '}
        <select
          data-testid="webhook-status-filter"
          value={status}
          onChange={(e) => setStatus((e.target as HTMLSelectElement).value)}
        >
          <option value="">{t.webhookStatusAll}</option>
          <option value="pending">pending</option>
          <option value="failed">failed</option>
          <option value="ok">ok</option>
        </select>
      </label>
      {deliveries && deliveries.length === 0 && <p class="hint">{t.webhookNoDeliveries}</p>}
      {deliveries && deliveries.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>{t.webhookEvent}</th>
              <th>{t.webhookStatus}</th>
              <th>{t.webhookAttempts}</th>
              <th>{t.webhookLastAnswer}</th>
              <th>{t.webhookWhen}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {deliveries.map((d) => (
              <tr key={d.id} data-testid="webhook-delivery" data-status={d.status} data-type={d.event_type}>
                <td>
                  <code>{d.event_type}</code>
                </td>
                <td class={`delivery-${d.status}`}>{d.status}</td>
                <td>{d.attempts}</td>
                <td>
                  {d.last_status_code ?? ''} {d.last_error ?? ''}
                </td>
                <td>
                  {new Date(d.created_at).toLocaleString(lang)}
                  {d.next_attempt_at && (
                    <small>
                      {' '}
                      · {t.webhookNext} {new Date(d.next_attempt_at).toLocaleTimeString(lang)}
                    </small>
                  )}
                </td>
                <td>
                  {d.status !== 'ok' && (
                    <button
                      type="button"
                      class="link small"
                      data-testid="webhook-retry"
                      onClick={() => void retry(d.id)}
                    >
                      {t.webhookRetry}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
