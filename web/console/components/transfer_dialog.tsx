// Transfer (team operations §4.4): hand a live conversation to another available agent, or back
// to the queue, with an optional note only agents read. The server's refusals are shown in
// words; an admin may force a transfer to an agent at their limit.
import { useEffect, useRef, useState } from 'preact/hooks';
import { kMaxMessageChars } from '../../shared/limits';
import type { Conversation } from '../../shared/types';
import { api, ApiError, type Agent, type TransferRequest } from '../api';
import { errorText } from '../errors';
import { useT } from '../i18n';
import type { Inbox, InboxState } from '../inbox';
import { capacityOf, loadText, serves } from '../load';

interface Props {
  inbox: Inbox;
  state: InboxState;
  conversation: Conversation;
  me: Agent;
  onClose: () => void;
  onTransferred: (notice: string) => void;
}

const kQueue = 'queue';

export function TransferDialog({ inbox, state, conversation: c, me, onClose, onTransferred }: Props) {
  const { t } = useT();
  const [target, setTarget] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [force, setForce] = useState(false);
  const [error, setError] = useState<{ code: string; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const dialog = useRef<HTMLFormElement>(null);
  useEffect(() => {
    void inbox.refreshAgents().catch(() => undefined); // loads as they are now
    dialog.current?.querySelector<HTMLElement>('input')?.focus();
  }, []);

  const assistant = state.assistants.get(c.assistant_id);
  const candidates = Array.from(state.agents.values()).filter((a) => !a.disabled && a.id !== c.assigned_agent_id);
  const selectable = (a: Agent) => !!a.available && serves(a, c.assistant_id);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!target || busy) return;
    const trimmed = note.trim();
    const request: TransferRequest = {
      ...(target === kQueue ? { to_queue: true as const } : { to_agent_id: target }),
      ...(trimmed ? { note: trimmed } : {}),
      ...(force ? { force: true } : {}),
    };
    setBusy(true);
    try {
      inbox.apply(await api.transfer(c.id, request));
      onTransferred(target === kQueue ? t.transferredToQueue : t.transferDone(inbox.agentName(target)));
    } catch (failure) {
      const code = failure instanceof ApiError ? failure.code : '';
      setError({ code, text: code === 'invalid_state' ? t.invalidState : errorText(failure, t) });
      void inbox.refreshAgents().catch(() => undefined);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="dialog-backdrop" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <form
        ref={dialog}
        class="dialog"
        role="dialog"
        aria-modal="true"
        aria-label={t.transferTitle}
        data-testid="transfer-dialog"
        onSubmit={submit}
        onKeyDown={(e) => e.key === 'Escape' && onClose()}
      >
        <h2>{t.transferTitle}</h2>
        <ul class="transfer-targets">
          {candidates.map((a) => (
            <li key={a.id} class={selectable(a) ? '' : 'unavailable'}>
              <label>
                <input
                  type="radio"
                  name="transfer-target"
                  data-testid={`transfer-target-${a.id}`}
                  value={a.id}
                  disabled={!selectable(a)}
                  checked={target === a.id}
                  onChange={() => {
                    setTarget(a.id);
                    setError(null);
                  }}
                />
                <span class="name">{a.id === me.id ? `${a.name} (${t.you})` : a.name}</span>
                <span class="load" title={t.load}>
                  {loadText(a.live_count ?? 0, capacityOf(a, assistant))}
                </span>
                <span class={`presence-tag presence-${a.presence}`}>
                  {!serves(a, c.assistant_id) ? t.notMember : a.available ? t.availableTag : t.unavailableTag}
                </span>
              </label>
            </li>
          ))}
          <li>
            <label>
              <input
                type="radio"
                name="transfer-target"
                data-testid="transfer-queue"
                value={kQueue}
                checked={target === kQueue}
                onChange={() => {
                  setTarget(kQueue);
                  setError(null);
                }}
              />
              <span class="name">{t.transferToQueue}</span>
            </label>
          </li>
        </ul>
        <label class="stacked">
          {t.transferNote}
          <textarea
            data-testid="transfer-note"
            rows={3}
            maxLength={kMaxMessageChars}
            value={note}
            onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)}
          />
        </label>
        {error && (
          <p class="form-error" role="alert" data-testid="transfer-error" data-code={error.code}>
            {error.text}
          </p>
        )}
        {me.role === 'admin' && error?.code === 'at_capacity' && (
          <label class="check-inline">
            <input
              type="checkbox"
              data-testid="transfer-force"
              checked={force}
              onChange={(e) => setForce((e.target as HTMLInputElement).checked)}
            />
            {t.transferForce}
          </label>
        )}
        <div class="form-bar">
          <button type="submit" class="primary" data-testid="transfer-submit" disabled={!target || busy}>
            {t.transfer}
          </button>
          <button type="button" class="ghost" onClick={onClose}>
            {t.cancel}
          </button>
        </div>
      </form>
    </div>
  );
}
