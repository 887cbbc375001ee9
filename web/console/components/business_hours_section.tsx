// Settings → Business hours (team operations §4.9): the schedule of one assistant, saved whole,
// with a live line from the server ("Open now · closes 18:00") in the schedule's own zone. The
// server's refusals (an unknown zone, a field out of range, named) show next to the Save button.
import { useEffect, useState } from 'preact/hooks';
import { api, type Assistant, type BusinessHours, type HoursStatus } from '../api';
import { errorText } from '../errors';
import { useT, type Lang, type Strings } from '../i18n';
import { BusinessHoursFields } from './business_hours_fields';

interface Props {
  assistant: Assistant;
  editable: boolean;
  onSaved: (assistant: Assistant) => void;
}

const kStatusRefreshMs = 60_000;

export function BusinessHoursSection({ assistant, editable, onSaved }: Props) {
  const { t, lang } = useT();
  const [draft, setDraft] = useState<BusinessHours>(assistant.business_hours);
  const [saved, setSaved] = useState<BusinessHours>(assistant.business_hours);
  const [status, setStatus] = useState<HoursStatus | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const readStatus = () => api.hoursStatus(assistant.id).then(setStatus, () => setStatus(null));
  useEffect(() => {
    void readStatus();
    const timer = setInterval(() => void readStatus(), kStatusRefreshMs);
    return () => clearInterval(timer);
  }, [assistant.id]);

  const change = (next: BusinessHours) => {
    setDraft(next);
    setNote(null);
  };
  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setNote(null);
    setError(null);
    try {
      const updated = await api.updateAssistant(assistant.id, {
        business_hours: { ...draft, timezone: draft.timezone.trim() },
      });
      onSaved(updated);
      setDraft(updated.business_hours);
      setSaved(updated.business_hours);
      setNote(t.saved);
      await readStatus();
    } catch (failure) {
      setError(errorText(failure, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card form" onSubmit={save} data-testid="business-hours">
      <h2>{t.hoursTitle}</h2>
      <p class="hint">{t.hoursHint}</p>
      {status && (
        <p class={status.open_now ? 'hours-status open' : 'hours-status closed'} data-testid="business-hours-status">
          {statusLine(status, saved.timezone, t, lang)}
        </p>
      )}
      <BusinessHoursFields hours={draft} editable={editable} onChange={change} />
      {error && (
        <p class="form-error" role="alert" data-testid="business-hours-error">
          {error}
        </p>
      )}
      {editable && (
        <div class="form-bar">
          <button type="submit" class="primary" data-testid="business-hours-save" disabled={busy}>
            {t.save}
          </button>
          {note && <span role="status">{note}</span>}
        </div>
      )}
    </form>
  );
}

// "Open now · closes 18:00" or "Closed · opens Mon 09:00", in the schedule's zone (the browser's
// if the zone is one it does not know); the day is named unless it is within the next 24 hours.
function statusLine(status: HoursStatus, timezone: string, t: Strings, lang: Lang): string {
  if (status.open_now) {
    return status.next_close_at ? t.openNowCloses(whenText(status.next_close_at, timezone, lang)) : t.openNow;
  }
  return status.next_open_at ? t.closedOpens(whenText(status.next_open_at, timezone, lang)) : t.closedNow;
}

const kDayMs = 24 * 3600 * 1000;

function whenText(iso: string, timezone: string, lang: Lang): string {
  const at = new Date(iso);
  const soon = at.getTime() - Date.now() < kDayMs;
  const options: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  if (!soon) options.weekday = 'short';
  try {
    return at.toLocaleString(lang, { ...options, timeZone: timezone || undefined });
  } catch {
    return at.toLocaleString(lang, options);
  }
}
