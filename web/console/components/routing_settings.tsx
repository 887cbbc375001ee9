// Settings → Routing (team operations §4.1, §4.2): manual popups or automatic assignment, the
// default limit of conversations per agent, when an absent agent's customers go back to the
// queue, and whether assignment goes on outside business hours. Admins change it; agents read.
import { useState } from 'preact/hooks';
import { api, type Assistant, type RoutingMode } from '../api';
import { errorText } from '../errors';
import { useT } from '../i18n';

interface Props {
  assistant: Assistant;
  editable: boolean;
  onSaved: (assistant: Assistant) => void;
}

// Number inputs as typed: an empty default capacity means no limit.
interface Draft {
  routing_mode: RoutingMode;
  default_capacity: string;
  requeue_after_s: string;
  route_after_hours: boolean;
}

const draftOf = (a: Assistant): Draft => ({
  routing_mode: a.routing_mode,
  default_capacity: a.default_capacity === null ? '' : String(a.default_capacity),
  requeue_after_s: String(a.requeue_after_s),
  route_after_hours: a.route_after_hours,
});

export function RoutingSettings({ assistant, editable, onSaved }: Props) {
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
        routing_mode: draft.routing_mode,
        default_capacity: draft.default_capacity.trim() === '' ? null : Number(draft.default_capacity),
        requeue_after_s: Number(draft.requeue_after_s),
        route_after_hours: draft.route_after_hours,
      });
      onSaved(saved);
      setDraft(draftOf(saved));
      setNote(t.saved);
    } catch (failure) {
      setError(errorText(failure, t));
    }
  };
  return (
    <form class="card form" onSubmit={save} data-testid="routing-settings">
      <h2>{t.routingTitle}</h2>
      <p class="hint">{t.routingHint}</p>
      <label>
        {t.routingMode}
        <select
          data-testid="routing-mode"
          disabled={!editable}
          value={draft.routing_mode}
          onChange={(e) => change({ routing_mode: (e.target as HTMLSelectElement).value as RoutingMode })}
        >
          <option value="manual">{t.routingManual}</option>
          <option value="auto">{t.routingAuto}</option>
        </select>
      </label>
      <label>
        {t.defaultCapacity}
        <input
          type="number"
          min={1}
          max={1000}
          step={1}
          class="narrow"
          data-testid="default-capacity"
          placeholder={t.noLimit}
          disabled={!editable}
          value={draft.default_capacity}
          onInput={(e) => change({ default_capacity: (e.target as HTMLInputElement).value })}
        />
      </label>
      <label>
        {t.requeueAfter}
        <input
          type="number"
          min={0}
          max={86400}
          step={1}
          required
          class="narrow"
          data-testid="requeue-after"
          disabled={!editable}
          value={draft.requeue_after_s}
          onInput={(e) => change({ requeue_after_s: (e.target as HTMLInputElement).value })}
        />
      </label>
      <label class="check">
        <input
          type="checkbox"
          data-testid="route-after-hours"
          disabled={!editable}
          checked={draft.route_after_hours}
          onChange={(e) => change({ route_after_hours: (e.target as HTMLInputElement).checked })}
        />
        <span>{t.routeAfterHours}</span>
      </label>
      {error && (
        <p class="form-error" role="alert" data-testid="routing-error">
          {error}
        </p>
      )}
      {editable && (
        <div class="form-bar">
          <button type="submit" class="primary" data-testid="routing-save">
            {t.save}
          </button>
          {note && <span role="status">{note}</span>}
        </div>
      )}
    </form>
  );
}
