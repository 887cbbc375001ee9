// "Improve answer" under an AI reply: the question and the right answer become knowledge.
import { useEffect, useState } from 'preact/hooks';
import { kMaxMessageChars, kMaxQuestionChars } from '../../shared/limits';
import type { Message } from '../../shared/types';
import { api } from '../api';
import { errorText } from '../errors';
import { useT } from '../i18n';

const kSavedShownMs = 1200;

// "Improve answer": the customer's question (editable) and the right answer become knowledge,
// used from the next message on; an answer grounded on a wrong entry may replace that entry.
export function TeachForm({
  assistantId,
  reply,
  question,
  onDone,
}: {
  assistantId: string;
  reply: Message;
  question: string;
  onDone: () => void;
}) {
  const { t } = useT();
  const [draftQuestion, setDraftQuestion] = useState(question);
  const [answer, setAnswer] = useState(reply.fallback ? '' : reply.text);
  const [replace, setReplace] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  // "Saved" shows a moment before the form closes (unless it closed already).
  useEffect(() => {
    if (!saved) return;
    const timer = setTimeout(onDone, kSavedShownMs);
    return () => clearTimeout(timer);
  }, [saved]);
  const save = async (e: Event) => {
    e.preventDefault();
    try {
      if (replace && reply.knowledge_id)
        await api.updateKnowledge(assistantId, reply.knowledge_id, draftQuestion, answer);
      else await api.addKnowledge(assistantId, draftQuestion, answer);
      setNote(t.taught);
      setSaved(true);
    } catch (error) {
      setNote(errorText(error, t));
    }
  };
  return (
    <form class="teach" data-testid="console-teach-form" onSubmit={save}>
      <label>
        {t.question}
        <input
          data-testid="console-teach-question"
          required
          maxLength={kMaxQuestionChars}
          value={draftQuestion}
          onInput={(e) => setDraftQuestion((e.target as HTMLInputElement).value)}
        />
      </label>
      <label>
        {t.rightAnswer}
        <textarea
          data-testid="console-teach-answer"
          required
          rows={3}
          maxLength={kMaxMessageChars}
          value={answer}
          onInput={(e) => setAnswer((e.target as HTMLTextAreaElement).value)}
        />
      </label>
      {reply.knowledge_id && (
        <label class="check-inline">
          <input
            type="checkbox"
            checked={replace}
            onChange={(e) => setReplace((e.target as HTMLInputElement).checked)}
          />{' '}
          {t.replaceEntry}
        </label>
      )}
      <div class="form-bar">
        <button type="submit" class="primary" data-testid="console-teach-save">
          {t.saveAsKnowledge}
        </button>
        <button type="button" class="ghost" onClick={onDone}>
          {t.cancel}
        </button>
        {note && <span role="status">{note}</span>}
      </div>
    </form>
  );
}
