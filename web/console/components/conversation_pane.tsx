// One conversation: who and why (the handoff reason, the offline contact), the history (from
// the newest message back, earlier pages on scrolling up), the actions that apply (Take over,
// Transfer, Done, Reactivate) and the composer.
import { useEffect, useState } from 'preact/hooks';
import { lastOf } from '../../shared/format';
import type { Conversation } from '../../shared/types';
import { api, ApiError, type Agent } from '../api';
import { errorText } from '../errors';
import { useT } from '../i18n';
import type { Inbox, InboxState } from '../inbox';
import { Composer } from './composer';
import { MessageList, questionsBefore } from './message_list';
import { TransferDialog } from './transfer_dialog';

interface Props {
  inbox: Inbox;
  state: InboxState;
  conversation: Conversation;
  me: Agent;
}

export function ConversationPane({ inbox, state, conversation: c, me }: Props) {
  const { t } = useT();
  const [error, setError] = useState<string | null>(null);
  // A take-over refused because the agent is at their limit: they may take it anyway.
  const [overLimit, setOverLimit] = useState(false);
  const [transferring, setTransferring] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    setError(null);
    setOverLimit(false);
    setTransferring(false);
    setNotice(null);
  }, [c.id]);

  const act = async (action: () => Promise<Conversation>) => {
    setNotice(null);
    try {
      inbox.apply(await action());
      setError(null);
      setOverLimit(false);
    } catch (e) {
      const atCapacity = e instanceof ApiError && e.code === 'at_capacity';
      setOverLimit(atCapacity);
      setError(atCapacity ? t.selfAtCapacity : errorText(e, t));
    }
  };

  const mine = c.assigned_agent_id === me.id;
  const holder = inbox.agentName(c.assigned_agent_id);
  const canTakeOver = c.status === 'ai' || c.status === 'waiting';
  const canFinish = c.status === 'live' && (mine || me.role === 'admin');
  const canTransfer = canFinish;
  const canReactivate = c.status === 'done';
  const lastCustomerText = lastOf(state.openMessages.filter((m) => m.sender === 'customer'))?.text;
  const unanswered = questionsBefore(state.openMessages, (m) => m.sender === 'ai' && !!m.fallback);

  return (
    <div class="pane">
      <header class="pane-header">
        <div>
          <h2>
            {c.contact.picture_url && (
              <img class="avatar" src={c.contact.picture_url} alt="" referrerpolicy="no-referrer" />
            )}
            {c.contact.name}
          </h2>
          <p class="meta">
            <span class={`status status-${c.status}`} data-testid="console-status">
              {t.status[c.status]}
            </span>
            <span>{t.channel[c.channel]}</span>
            <span>{c.assigned_agent_id ? t.assignedTo(holder || c.assigned_agent_id) : t.unassigned}</span>
          </p>
        </div>
        <div class="actions">
          {canTakeOver && (
            <button
              type="button"
              class="primary"
              data-testid="console-takeover"
              onClick={() => void act(() => api.takeOver(c.id))}
            >
              {t.takeOver}
            </button>
          )}
          {canTransfer && (
            <button
              type="button"
              class="secondary"
              data-testid="transfer-button"
              onClick={() => {
                setNotice(null);
                setTransferring(true);
              }}
            >
              {t.transfer}
            </button>
          )}
          {canFinish && (
            <button
              type="button"
              class="primary"
              data-testid="console-done"
              onClick={() => void act(() => api.done(c.id))}
            >
              {t.done}
            </button>
          )}
          {canReactivate && (
            <button
              type="button"
              class="secondary"
              data-testid="console-reactivate"
              onClick={() => void act(() => api.reactivate(c.id))}
            >
              {t.reactivate}
            </button>
          )}
        </div>
      </header>
      {c.handoff_reason && (c.status === 'waiting' || c.status === 'live') && (
        <div class="handoff-banner" data-testid="console-handoff-reason" data-reason={c.handoff_reason}>
          <strong>{t.reason[c.handoff_reason] ?? c.handoff_reason}</strong>
          {c.handoff_requested_at && <span> · {new Date(c.handoff_requested_at).toLocaleString()}</span>}
          {c.offline_request && c.contact.contact && <p>{t.leftContact(c.contact.name, c.contact.contact)}</p>}
          {c.handoff_reason === 'ai_fallback' && unanswered.length > 0 ? (
            <div data-testid="console-unanswered">
              {t.unanswered}
              <ul>
                {unanswered.map((text, i) => (
                  <li key={i}>“{text}”</li>
                ))}
              </ul>
            </div>
          ) : (
            lastCustomerText && (
              <p>
                {t.lastAsked}: “{lastCustomerText}”
              </p>
            )
          )}
        </div>
      )}
      {error && (
        <p class="form-error" role="alert">
          {error}{' '}
          {overLimit && canTakeOver && (
            <button
              type="button"
              class="secondary"
              data-testid="takeover-force"
              onClick={() => void act(() => api.takeOver(c.id, true))}
            >
              {t.takeAnyway}
            </button>
          )}
        </p>
      )}
      {notice && (
        <p class="pane-notice" role="status" data-testid="transfer-notice">
          {notice}
        </p>
      )}
      {transferring && canTransfer && (
        <TransferDialog
          inbox={inbox}
          state={state}
          conversation={c}
          me={me}
          onClose={() => setTransferring(false)}
          onTransferred={(text) => {
            setTransferring(false);
            setNotice(text);
          }}
        />
      )}
      <MessageList
        messages={state.openMessages}
        hasEarlier={state.openHasEarlier}
        loadingEarlier={state.loadingEarlier}
        inbox={inbox}
        me={me}
        typing={state.customerTyping.has(c.id)}
        assistantId={c.assistant_id}
      />
      <Composer key={c.id} conversation={c} me={me} holder={holder} inbox={inbox} onError={setError} />
    </div>
  );
}
