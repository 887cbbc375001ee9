// Knowledge in bulk: export as JSON or CSV, import a file (append, or replace everything).
import { useRef, useState } from 'preact/hooks';
import { api } from '../api';
import { errorText } from '../errors';
import { useT } from '../i18n';

export function KnowledgeTransfer({ assistantId, onImported }: { assistantId: string; onImported: () => void }) {
  const { t } = useT();
  const file = useRef<HTMLInputElement>(null);
  const [replace, setReplace] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const upload = async () => {
    const chosen = file.current?.files?.[0];
    if (!chosen) return;
    try {
      const csv = chosen.name.toLowerCase().endsWith('.csv') || chosen.type === 'text/csv';
      const result = await api.importKnowledge(assistantId, await chosen.text(), csv, replace);
      setNote(t.imported(result.imported));
      onImported();
    } catch (error) {
      setNote(errorText(error, t));
    } finally {
      if (file.current) file.current.value = '';
    }
  };
  return (
    <div class="transfer">
      <a class="button-link" href={api.exportUrl(assistantId, 'csv')} download data-testid="console-export-csv">
        {t.exportCsv}
      </a>
      <a class="button-link" href={api.exportUrl(assistantId, 'json')} download data-testid="console-export-json">
        {t.exportJson}
      </a>
      <label class="button-link">
        {t.importFile}
        <input
          ref={file}
          type="file"
          accept=".csv,.json,text/csv,application/json"
          class="sr-only"
          data-testid="console-import-file"
          onChange={() => void upload()}
        />
      </label>
      <label class="check-inline">
        <input type="checkbox" checked={replace} onChange={(e) => setReplace((e.target as HTMLInputElement).checked)} />{' '}
        {t.replaceAll}
      </label>
      {note && (
        <span role="status" data-testid="console-import-result">
          {note}
        </span>
      )}
    </div>
  );
}
