// Labels on a conversation (team operations §4.7): chips in the catalog's colours, and the
// editor any agent opens (the button or Alt+L) to tick the catalog's labels on and off.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Conversation, Label } from '../../shared/types';
import { api } from '../api';
import { errorText } from '../errors';
import { useT } from '../i18n';

export function LabelChips({ names, catalog }: { names: string[]; catalog: Label[] }) {
  return (
    <>
      {names.map((name) => (
        <LabelChip key={name} name={name} color={catalog.find((l) => l.name === name)?.color} />
      ))}
    </>
  );
}

export function LabelChip({ name, color }: { name: string; color?: string }) {
  return (
    <span class="label-chip" data-testid="label-chip" data-label={name} style={{ '--label': color ?? '#868e96' }}>
      {name}
    </span>
  );
}

interface EditorProps {
  conversation: Conversation;
  catalog: Label[];
  onSaved: (conversation: Conversation) => void;
  onError: (message: string | null) => void;
  onClose: () => void;
}

export function LabelsEditor({ conversation: c, catalog, onSaved, onError, onClose }: EditorProps) {
  const { t } = useT();
  const [busy, setBusy] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.querySelector('input')?.focus(), []);
  // Ticked at once, saved behind (a refusal puts back what the conversation has).
  const [applied, setApplied] = useState<string[]>(c.labels ?? []);
  useEffect(() => setApplied(c.labels ?? []), [(c.labels ?? []).join(' ')]);
  const toggle = async (name: string) => {
    const next = applied.includes(name) ? applied.filter((l) => l !== name) : [...applied, name];
    setApplied(next);
    setBusy(true);
    try {
      onSaved(await api.setLabels(c.id, next));
      onError(null);
    } catch (e) {
      setApplied(c.labels ?? []);
      onError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div
      class="labels-editor"
      ref={box}
      role="group"
      aria-label={t.labelsTitle}
      data-testid="labels-editor"
      onKeyDown={(e) => e.key === 'Escape' && onClose()}
    >
      {catalog.length === 0 && <span class="hint">{t.labelsNone}</span>}
      {catalog.map((label) => (
        <label class="check-inline" key={label.name}>
          <input
            type="checkbox"
            data-testid="label-option"
            data-label={label.name}
            checked={applied.includes(label.name)}
            disabled={busy}
            onChange={() => void toggle(label.name)}
          />
          <LabelChip name={label.name} color={label.color} />
        </label>
      ))}
      <button type="button" class="ghost small" onClick={onClose}>
        {t.close}
      </button>
    </div>
  );
}
