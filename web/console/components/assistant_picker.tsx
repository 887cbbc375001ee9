// Which assistant a screen works on (shown only when there is more than one).
import type { Assistant } from '../api';
import { useT } from '../i18n';

export function AssistantPicker({
  assistants,
  selected,
  select,
}: {
  assistants: Assistant[];
  selected: Assistant | null;
  select: (id: string) => void;
}) {
  const { t } = useT();
  if (assistants.length < 2) return null;
  return (
    <label class="picker">
      {t.assistant}
      <select value={selected?.id} onChange={(e) => select((e.target as HTMLSelectElement).value)}>
        {assistants.map((a) => (
          <option value={a.id} key={a.id}>
            {a.name}
          </option>
        ))}
      </select>
    </label>
  );
}
