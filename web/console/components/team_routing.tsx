// One team member's routing (team operations §4.1): their load against their limit, whether they
// can take a conversation now, their own limit (empty: the assistant's default) and the
// assistants they serve (none checked: all). Admins change the last two.
import { useEffect, useState } from 'preact/hooks';
import type { Agent, AgentPatch, Assistant } from '../api';
import { useT } from '../i18n';
import { loadText, overallCapacity } from '../load';

interface Props {
  agent: Agent;
  assistants: Assistant[];
  editable: boolean;
  busy: boolean;
  change: (patch: AgentPatch) => Promise<boolean>;
}

export function TeamRouting({ agent: a, assistants, editable, busy, change }: Props) {
  const { t } = useT();
  const [capacity, setCapacity] = useState(a.max_concurrent === null ? '' : String(a.max_concurrent));
  useEffect(() => setCapacity(a.max_concurrent === null ? '' : String(a.max_concurrent)), [a.max_concurrent]);
  const defaults = new Set(assistants.map((x) => x.default_capacity));
  const shownDefault = defaults.size === 1 ? [...defaults][0] : null;

  const saveCapacity = () => {
    const typed = capacity.trim();
    const next = typed === '' ? null : Number(typed);
    if (next === a.max_concurrent) return;
    void change({ max_concurrent: next });
  };
  const toggle = (assistantId: string, on: boolean) => {
    const ids = new Set(a.assistant_ids);
    if (on) ids.add(assistantId);
    else ids.delete(assistantId);
    void change({ assistant_ids: assistants.map((x) => x.id).filter((id) => ids.has(id)) });
  };

  return (
    <div class="team-routing">
      {a.live_count !== undefined && (
        <span class="team-load" title={t.load}>
          {t.loadShort}{' '}
          <strong data-testid={`agent-load-${a.id}`}>{loadText(a.live_count, overallCapacity(a, assistants))}</strong>
        </span>
      )}
      {a.available !== undefined && (
        <span class={a.available ? 'tag ok' : 'tag'} data-testid={`agent-available-${a.id}`}>
          {a.available ? t.availableTag : t.unavailableTag}
        </span>
      )}
      <label class="team-capacity">
        {t.capacity}{' '}
        <input
          type="number"
          min={1}
          max={1000}
          step={1}
          class="capacity"
          data-testid={`agent-capacity-${a.id}`}
          placeholder={t.capacityDefault(shownDefault)}
          disabled={!editable || busy}
          value={capacity}
          onInput={(e) => setCapacity((e.target as HTMLInputElement).value)}
          onChange={saveCapacity}
        />
      </label>
      {assistants.length > 0 && (
        <fieldset class="team-membership">
          <legend>{t.membership}</legend>
          {assistants.map((x) => (
            <label class="check-inline" key={x.id}>
              <input
                type="checkbox"
                data-testid={`agent-membership-${a.id}-${x.id}`}
                disabled={!editable || busy}
                checked={a.assistant_ids.includes(x.id)}
                onChange={(e) => toggle(x.id, (e.target as HTMLInputElement).checked)}
              />
              {x.name}
            </label>
          ))}
        </fieldset>
      )}
    </div>
  );
}
