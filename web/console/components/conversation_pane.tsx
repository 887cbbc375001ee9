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
import { shortcutOf } from '../keyboard';
import { Composer, type ComposerMode } from './composer';
import { ConfirmDialog } from './confirm_dialog';
import { LabelChips, LabelsEditor } from './labels_editor';
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
  const [mode, setMode] = useState<ComposerMode>('reply');
  const [editingLabels, setEditingLabels] = useState(false);
  // Done asked for from the keyboard (Alt+D) waits for a confirmation; the button is deliberate.
  const [confirming, setConfirming] = useState<'done' | 'done_without_survey' | null>(null);
  useEffect(() => {
    setError(null);
    setOverLimit(false);
    setTransferring(false);
    setNotice(null);
    setMode('reply');
    setEditingLabels(false);
    setConfirming(null);
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

  // The pane's shortcuts (team operations §4.14); the list's own (Alt+J/K/W, ?) are the screen's.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const key = shortcutOf(e);
      const actions: Record<string, (() => void) | undefined> = {
        'Alt+T': canTakeOver ? () => void act(() => api.takeOver(c.id)) : undefined,
        'Alt+D': canFinish ? () => setConfirming('done') : undefined,
        'Alt+Shift+D': canFinish ? () => setConfirming('done_without_survey') : undefined,
        'Alt+N': () => setMode((m) => (m === 'reply' ? 'note' : 'reply')),
        'Alt+L': () => setEditingLabels((open) => !open),
        'Alt+R': canTransfer ? () => setTransferring(true) : undefined,
      };
      const action = key ? actions[key] : undefined;
      if (!action) return;
      e.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

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
            <LabelChips names={c.labels ?? []} catalog={state.labels} />
            <button
              type="button"
              class="link small"
              data-testid="labels-button"
              title="Alt+L"
              onClick={() => setEditingLabels(!editingLabels)}
            >
              {t.labelsEdit}
            </button>
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
          {canFinish && (
            <button
              type="button"
              class="secondary"
              data-testid="console-done-no-survey"
              title={t.confirmDoneNoSurvey}
              onClick={() => setConfirming('done_without_survey')}
            >
              {t.doneNoSurvey}
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
      {editingLabels && (
        <LabelsEditor
          conversation={c}
          catalog={state.labels}
          onSaved={(saved) => inbox.apply(saved)}
          onError={setError}
          onClose={() => setEditingLabels(false)}
        />
      )}
      {confirming && canFinish && (
        <ConfirmDialog
          title={confirming === 'done' ? t.confirmDoneTitle : t.confirmDoneNoSurvey}
          text={t.confirmDoneText}
          confirm={t.confirm}
          testId="confirm-done"
          onConfirm={() => {
            const survey = confirming === 'done';
            setConfirming(null);
            void act(() => api.done(c.id, survey));
          }}
          onCancel={() => setConfirming(null)}
        />
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
        notes={state.openNotes}
        messages={state.openMessages}
        hasEarlier={state.openHasEarlier}
        loadingEarlier={state.loadingEarlier}
        inbox={inbox}
        me={me}
        typing={state.customerTyping.has(c.id)}
        assistantId={c.assistant_id}
      />
      <div class="composer-modes" role="tablist">
        {(['reply', 'note'] as const).map((m) => (
          <button
            type="button"
            role="tab"
            aria-selected={mode === m}
            class={mode === m ? `mode active mode-${m}` : `mode mode-${m}`}
            data-testid={`composer-mode-${m}`}
            title="Alt+N"
            onClick={() => setMode(m)}
          >
            {m === 'reply' ? t.modeReply : t.modeNote}
          </button>
        ))}
      </div>
      <Composer key={c.id} conversation={c} me={me} holder={holder} inbox={inbox} mode={mode} onError={setError} />
    </div>
  );
}
