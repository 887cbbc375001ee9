// Knowledge: what the AI answers from. The test playground, import and export, then the list
// (filter, add, edit, delete). Teaching from a conversation happens in the conversation itself.
import { useEffect, useState } from 'preact/hooks';
import { kMaxMessageChars, kMaxQuestionChars } from '../../shared/limits';
import { api, type Agent, type KnowledgeEntry } from '../api';
import { AssistantPicker } from '../components/assistant_picker';
import { KnowledgeTransfer } from '../components/knowledge_transfer';
import { Playground } from '../components/playground';
import { errorText } from '../errors';
import { useT } from '../i18n';
import { useAssistants } from '../use_assistants';

export function KnowledgeScreen(_: { me: Agent }) {
  const { t } = useT();
  const { assistants, selected, select } = useAssistants();
  const [entries, setEntries] = useState<KnowledgeEntry[] | null>(null);
  const [filter, setFilter] = useState('');
  const [error, setError] = useState<string | null>(null);
  const load = () => {
    if (selected) api.knowledge(selected.id).then(setEntries, (e) => setError(String(e)));
  };
  useEffect(() => {
    setEntries(null);
    load();
  }, [selected?.id]);

  if (!assistants || !selected) return <p class="empty">{t.loading}</p>;
  const guard = async (work: () => Promise<void>) => {
    try {
      await work();
      setError(null);
    } catch (e) {
      setError(errorText(e, t));
      throw e;
    }
  };
  const add = (question: string, answer: string) =>
    guard(async () => {
      const entry = await api.addKnowledge(selected.id, question, answer);
      setEntries([entry, ...(entries ?? [])]);
    });
  const update = (id: string, question: string, answer: string) =>
    guard(async () => {
      const entry = await api.updateKnowledge(selected.id, id, question, answer);
      setEntries((entries ?? []).map((e) => (e.id === id ? entry : e)));
    });
  const remove = (id: string) =>
    guard(async () => {
      await api.deleteKnowledge(selected.id, id);
      setEntries((entries ?? []).filter((e) => e.id !== id));
    });

  const needle = filter.trim().toLowerCase();
  const shown = (entries ?? []).filter((e) => !needle || (e.question + '\n' + e.answer).toLowerCase().includes(needle));
  return (
    <div class="page">
      <div class="page-head">
        <h1>{t.knowledgeTitle}</h1>
        <AssistantPicker assistants={assistants} selected={selected} select={select} />
      </div>
      <p class="hint">{t.knowledgeHint}</p>
      <Playground assistantId={selected.id} />
      <KnowledgeTransfer assistantId={selected.id} onImported={load} />
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <EntryForm submitLabel={t.addEntry} onSubmit={add} testId="console-knowledge-add" />
      <div class="list-head">
        <input
          type="search"
          class="search"
          placeholder={t.filter}
          aria-label={t.filter}
          value={filter}
          onInput={(e) => setFilter((e.target as HTMLInputElement).value)}
        />
        <span class="hint">{entries ? t.entries(entries.length) : t.loading}</span>
      </div>
      <ul class="knowledge-list">
        {shown.map((entry) => (
          <EntryRow key={entry.id} entry={entry} onUpdate={update} onDelete={remove} />
        ))}
      </ul>
    </div>
  );
}

function EntryForm({
  initial,
  submitLabel,
  onSubmit,
  onCancel,
  testId,
}: {
  initial?: KnowledgeEntry;
  submitLabel: string;
  onSubmit: (question: string, answer: string) => Promise<void>;
  onCancel?: () => void;
  testId?: string;
}) {
  const { t } = useT();
  const [question, setQuestion] = useState(initial?.question ?? '');
  const [answer, setAnswer] = useState(initial?.answer ?? '');
  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      await onSubmit(question, answer);
      if (!initial) {
        setQuestion('');
        setAnswer('');
      }
    } catch {
      // shown by the screen
    }
  };
  return (
    <form class="card form entry-form" onSubmit={submit} data-testid={testId}>
      <label>
        {t.question}
        <input
          data-testid="console-knowledge-question"
          required
          maxLength={kMaxQuestionChars}
          value={question}
          onInput={(e) => setQuestion((e.target as HTMLInputElement).value)}
        />
      </label>
      <label>
        {t.answer}
        <textarea
          data-testid="console-knowledge-answer"
          required
          rows={3}
          maxLength={kMaxMessageChars}
          value={answer}
          onInput={(e) => setAnswer((e.target as HTMLTextAreaElement).value)}
        />
      </label>
      <div class="form-bar">
        <button type="submit" class="primary" data-testid="console-knowledge-save">
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" class="ghost" onClick={onCancel}>
            {t.cancel}
          </button>
        )}
      </div>
    </form>
  );
}

function EntryRow({
  entry,
  onUpdate,
  onDelete,
}: {
  entry: KnowledgeEntry;
  onUpdate: (id: string, question: string, answer: string) => Promise<void>;
  onDelete: (id: string) => Promise<void>;
}) {
  const { t } = useT();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  if (editing) {
    return (
      <li>
        <EntryForm
          initial={entry}
          submitLabel={t.save}
          onSubmit={async (q, a) => {
            await onUpdate(entry.id, q, a);
            setEditing(false);
          }}
          onCancel={() => setEditing(false)}
          testId="console-knowledge-edit"
        />
      </li>
    );
  }
  return (
    <li class="card entry" data-testid="console-knowledge-entry" data-id={entry.id}>
      <p class="q">{entry.question}</p>
      <p class="a">{entry.answer}</p>
      <div class="entry-actions">
        <button type="button" class="ghost" onClick={() => setEditing(true)}>
          {t.edit}
        </button>
        {confirming ? (
          <>
            <button
              type="button"
              class="danger"
              data-testid="console-knowledge-confirm-delete"
              onClick={() => void onDelete(entry.id).catch(() => undefined)}
            >
              {t.confirmDelete}
            </button>
            <button type="button" class="ghost" onClick={() => setConfirming(false)}>
              {t.cancel}
            </button>
          </>
        ) : (
          <button
            type="button"
            class="ghost"
            data-testid="console-knowledge-delete"
            onClick={() => setConfirming(true)}
          >
            {t.delete}
          </button>
        )}
      </div>
    </li>
  );
}
