// LINE's monthly message quota: the figures on Settings → LINE, and a warning for agents in the
// inbox once 80 % is used (pushes stop at the limit; replies stay free).
import { useEffect, useState } from 'preact/hooks';
import { api, type Assistant, type LineQuota } from '../api';
import { useT } from '../i18n';

const kRecheckMs = 5 * 60_000;

export function LineQuotaFigures({ assistantId }: { assistantId: string }) {
  const { t } = useT();
  const [quota, setQuota] = useState<LineQuota | null | 'unavailable'>(null);
  useEffect(() => {
    api.lineQuota(assistantId).then(setQuota, () => setQuota('unavailable'));
  }, [assistantId]);
  if (quota === null) return null;
  return (
    <div class="line-quota" data-testid="console-line-quota">
      <h3>{t.lineQuotaTitle}</h3>
      {quota === 'unavailable' ? (
        <p class="hint">{t.lineQuotaUnavailable}</p>
      ) : (
        <>
          <p data-testid="console-line-quota-usage">
            {quota.type === 'limited'
              ? t.lineQuotaLimited(quota.total_usage, quota.value ?? 0)
              : t.lineQuotaNone(quota.total_usage)}
          </p>
          <p class="hint" data-testid="console-line-quota-pushes">
            {t.lineQuotaPushes(quota.baton_pushes)}
          </p>
          {quota.warning && (
            <p class="quota-warning" role="alert" data-testid="console-line-quota-warning">
              {t.lineQuotaNearLimit}
            </p>
          )}
        </>
      )}
    </div>
  );
}

// Every assistant connected to LINE whose month is 80 % used, for every agent in the inbox.
export function LineQuotaBanner({ assistants }: { assistants: Assistant[] }) {
  const { t } = useT();
  const [warnings, setWarnings] = useState<{ name: string; quota: LineQuota }[]>([]);
  const ids = assistants.map((a) => a.id).join(' ');
  useEffect(() => {
    const load = () =>
      Promise.all(
        assistants.map(async (assistant) => {
          try {
            // Only assistants on LINE have a quota (asking the others would only get 409s).
            if (!(await api.lineChannel(assistant.id)).connected) return null;
            return { name: assistant.name, quota: await api.lineQuota(assistant.id) };
          } catch {
            return null; // LINE away: nothing to warn about now
          }
        }),
      ).then((all) => setWarnings(all.filter((w) => w !== null && w.quota.warning) as typeof warnings));
    void load();
    const timer = setInterval(load, kRecheckMs);
    return () => clearInterval(timer);
  }, [ids]);
  if (warnings.length === 0) return null;
  return (
    <div class="quota-banner" role="alert" data-testid="console-line-quota-banner">
      {warnings.map(({ name, quota }) => (
        <p key={name}>{t.lineQuotaWarning(name, quota.total_usage, quota.value ?? 0)}</p>
      ))}
    </div>
  );
}
