// Settings → Labels (team operations §4.7): the catalog of names and colours agents apply to
// conversations. Admins add and delete; a deleted label leaves every conversation it was on.
import { useEffect, useState } from 'preact/hooks';
import type { Label } from '../../shared/types';
import { api } from '../api';
import { errorText } from '../errors';
import { useT } from '../i18n';
import { LabelChip } from './labels_editor';

export function LabelsSection({ editable }: { editable: boolean }) {
  const { t } = useT();
  const [labels, setLabels] = useState<Label[]>([]);
  const [name, setName] = useState('');
  const [color, setColor] = useState('#1c7ed6');
  const [error, setError] = useState<string | null>(null);
  const reload = () => api.labels().then(setLabels, (e) => setError(errorText(e, t)));
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
  return (
    <section class="card" data-testid="labels-section">
      <h2>{t.labelsSection}</h2>
      <ul class="label-catalog">
        {labels.map((l) => (
          <li key={l.name}>
            <LabelChip name={l.name} color={l.color} />
            {editable && (
              <button type="button" class="link small danger" onClick={() => void run(() => api.deleteLabel(l.name))}>
                {t.remove}
              </button>
            )}
          </li>
        ))}
      </ul>
      {editable && (
        <form
          class="form inline"
          onSubmit={(e) => {
            e.preventDefault();
            void run(() => api.createLabel(name, color)).then(() => setName(''));
          }}
        >
          <label>
            {t.labelName}{' '}
            <input
              data-testid="label-name"
              maxLength={50}
              value={name}
              onInput={(e) => setName((e.target as HTMLInputElement).value)}
            />
          </label>
          <label>
            {t.labelColor}{' '}
            <input type="color" value={color} onInput={(e) => setColor((e.target as HTMLInputElement).value)} />
          </label>
          <button type="submit" class="secondary" data-testid="label-add" disabled={!name.trim()}>
            {t.labelAdd}
          </button>
        </form>
      )}
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
