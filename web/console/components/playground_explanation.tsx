// Why the playground's answer is what it is: the built-in AI's confidence against its
// threshold, the words no entry knows (what to teach), the words it read another way, the
// signals it weighed, and whether a customer sending this would be handed to a person.
import type { HandoffVerdict, PlaygroundExplanation } from '../api';
import { useT } from '../i18n';

const percent = (share: number) => `${Math.round(share * 100)}%`;

export function HandoffLine({ handoff }: { handoff: HandoffVerdict }) {
  const { t } = useT();
  const words = [handoff.request, handoff.person].filter((w) => w).join(' + ');
  return (
    <p
      class={handoff.requested ? 'tag warn' : 'hint'}
      data-testid="console-playground-handoff"
      data-requested={handoff.requested ? 'true' : 'false'}
    >
      {handoff.requested ? t.handoffWouldHappen(handoff.rule, words) : t.handoffNotAsked(handoff.rule)}
    </p>
  );
}

export function ExplanationView({ kind, why }: { kind: 'answer' | 'fallback'; why: PlaygroundExplanation }) {
  const { t } = useT();
  const confidence = percent(why.confidence);
  const threshold = percent(why.threshold);
  return (
    <div class="playground-why" data-testid="console-playground-why">
      <p>{kind === 'answer' ? t.whyAnswered(confidence, threshold) : t.whyFellBack(confidence, threshold)}</p>
      {why.unknown_words.length > 0 && (
        <p data-testid="console-playground-unknown">
          {t.unknownWords}{' '}
          {why.unknown_words.map((word) => (
            <code key={word}>{word}</code>
          ))}
        </p>
      )}
      {why.synonyms.map((s) => (
        <p class="hint" key={`s-${s.word}-${s.as}`}>
          {t.readAsSynonym(s.word, s.as)}
        </p>
      ))}
      {why.corrections.map((s) => (
        <p class="hint" key={`c-${s.word}`}>
          {t.readAsCorrection(s.word, s.as)}
        </p>
      ))}
      <details>
        <summary>{t.signals}</summary>
        <table class="signals">
          <tbody>
            {why.signals.map((s) => {
              const pull = s.value * s.weight;
              return (
                <tr key={s.name} data-signal={s.name}>
                  <td>{t.signalNames[s.name] ?? s.name}</td>
                  <td class="number">{s.value.toFixed(2)}</td>
                  <td class={pull >= 0 ? 'number pull-up' : 'number pull-down'} title={t.signalPull}>
                    {pull >= 0 ? '+' : ''}
                    {pull.toFixed(2)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </details>
    </div>
  );
}
