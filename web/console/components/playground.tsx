// The test playground: chat with the assistant as a customer would (no conversation is
// created) and see each answer, the entry it came from, how sure it was and why.
import { useState } from 'preact/hooks';
import { kMaxMessageChars } from '../../shared/limits';
import { api, type PlaygroundAnswer } from '../api';
import { errorText } from '../errors';
import { useT } from '../i18n';
import { ExplanationView, HandoffLine } from './playground_explanation';

const percent = (score: number) => `${Math.round(score * 100)}%`;

export function Playground({ assistantId }: { assistantId: string }) {
  const { t } = useT();
  const [text, setText] = useState('');
  const [exchanges, setExchanges] = useState<{ question: string; answer: PlaygroundAnswer }[]>([]);
  const [error, setError] = useState<string | null>(null);
  const ask = async (e: Event) => {
    e.preventDefault();
    try {
      const answer = await api.playground(assistantId, text);
      setExchanges([...exchanges, { question: text, answer }]);
      setText('');
      setError(null);
    } catch (failure) {
      setError(errorText(failure, t));
    }
  };
  return (
    <section class="card playground">
      <h2>{t.playgroundTitle}</h2>
      <p class="hint">{t.playgroundHint}</p>
      <form class="inline-form" onSubmit={ask}>
        <input
          class="grow"
          data-testid="console-playground-input"
          placeholder={t.playgroundPlaceholder}
          aria-label={t.playgroundPlaceholder}
          required
          maxLength={kMaxMessageChars}
          value={text}
          onInput={(e) => setText((e.target as HTMLInputElement).value)}
        />
        <button type="submit" class="primary" data-testid="console-playground-ask">
          {t.ask}
        </button>
      </form>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      {exchanges.map(({ question, answer }, i) => (
        <PlaygroundExchange key={i} question={question} answer={answer} />
      ))}
    </section>
  );
}

function PlaygroundExchange({ question, answer }: { question: string; answer: PlaygroundAnswer }) {
  const { t } = useT();
  const entry = answer.candidates.find((c) => c.knowledge_id === answer.knowledge_id);
  return (
    <div class="playground-reply" data-testid="console-playground-reply" data-kind={answer.kind}>
      <p class="playground-question">{question}</p>
      <p>
        <span class={answer.kind === 'answer' ? 'tag' : 'tag warn'}>
          {answer.kind === 'answer' ? t.aiFromKnowledge : t.aiDidNotKnow}
        </span>{' '}
        {entry && (
          <span class="hint" data-testid="console-playground-entry">
            {t.answeredFrom(entry.question, percent(answer.score))}
          </span>
        )}
      </p>
      {(answer.handoff.requested || answer.handoff.person) && <HandoffLine handoff={answer.handoff} />}
      <div class="bubble">{answer.text}</div>
      {answer.explanation && <ExplanationView kind={answer.kind} why={answer.explanation} />}
      {answer.candidates.length > 0 && (
        <details>
          <summary>{t.candidates}</summary>
          <ol>
            {answer.candidates.map((c) => (
              <li key={c.knowledge_id}>
                {c.question} <span class="hint">({percent(c.score)})</span>
              </li>
            ))}
          </ol>
        </details>
      )}
    </div>
  );
}
