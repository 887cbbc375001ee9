// The popup the moment a customer asks for a person (who, their last message, Accept), and the
// one when a conversation is given to this agent (by Baton, a transfer or an admin) with the
// note that came with it.
import { useEffect, useState } from 'preact/hooks';
import { lastOf } from '../../shared/format';
import type { Conversation } from '../../shared/types';
import { api, ApiError } from '../api';
import { openConversation } from '../app';
import { useT } from '../i18n';
import { errorText } from '../errors';
import type { Assignment, Inbox } from '../inbox';
import { askForNotifications, canAskForNotifications } from '../notify';

interface Props {
  inbox: Inbox;
  popups: Conversation[];
  assignments: Assignment[];
}

export function HandoffPopups({ inbox, popups, assignments }: Props) {
  const { t } = useT();
  const [error, setError] = useState<string | null>(null);
  // A claim refused at the agent's limit: the conversation they may take anyway.
  const [overLimit, setOverLimit] = useState<string | null>(null);
  const [askNotify, setAskNotify] = useState(canAskForNotifications() && !sessionStorage.getItem('baton:notify-later'));

  const accept = async (conversation: Conversation, force = false) => {
    try {
      inbox.apply(await api.takeOver(conversation.id, force));
      setError(null);
      setOverLimit(null);
    } catch (e) {
      const atCapacity = e instanceof ApiError && e.code === 'at_capacity';
      setError(atCapacity ? t.selfAtCapacity : errorText(e, t));
      setOverLimit(atCapacity ? conversation.id : null);
      if (atCapacity) return; // the popup stays, with "Take anyway"
    }
    inbox.dismissPopup(conversation.id);
    openConversation(conversation.id);
  };
  const openAssigned = (id: string) => {
    inbox.dismissPopup(id);
    openConversation(id);
  };

  return (
    <div class="popups" aria-live="assertive">
      {error && (
        <div class="popup error" role="alert">
          {error}
        </div>
      )}
      {assignments.map((assignment) => (
        <AssignedPopup
          key={assignment.conversation.id}
          assignment={assignment}
          inbox={inbox}
          onOpen={() => openAssigned(assignment.conversation.id)}
        />
      ))}
      {popups.map((conversation) => (
        <div
          class="popup"
          role="alertdialog"
          aria-label={t.popupTitle}
          data-testid="console-popup"
          key={conversation.id}
        >
          <p class="popup-title">{t.popupTitle}</p>
          <p class="popup-who">
            <strong>{conversation.contact.name}</strong> · {t.channel[conversation.channel]}
          </p>
          <CustomerLastWords conversation={conversation} />
          <div class="popup-actions">
            <button
              type="button"
              class="primary"
              data-testid="console-popup-accept"
              onClick={() => void accept(conversation)}
            >
              {t.accept}
            </button>
            {overLimit === conversation.id && (
              <button
                type="button"
                class="secondary"
                data-testid="takeover-force"
                onClick={() => void accept(conversation, true)}
              >
                {t.takeAnyway}
              </button>
            )}
            <button type="button" class="ghost" onClick={() => inbox.dismissPopup(conversation.id)}>
              {t.dismiss}
            </button>
          </div>
          {askNotify && (
            <p class="popup-notify">
              {t.notifyAsk}{' '}
              <button
                type="button"
                class="link"
                onClick={() => {
                  void askForNotifications().finally(() => setAskNotify(canAskForNotifications()));
                }}
              >
                {t.notifyEnable}
              </button>{' '}
              <button
                type="button"
                class="link"
                onClick={() => {
                  sessionStorage.setItem('baton:notify-later', '1');
                  setAskNotify(false);
                }}
              >
                {t.notifyLater}
              </button>
            </p>
          )}
        </div>
      ))}
    </div>
  );
}

// The handoff notice is the conversation's last message; the agent wants the customer's.
function CustomerLastWords({ conversation }: { conversation: Conversation }) {
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    api
      .messagesBefore(conversation.id, conversation.last_seq + 1, 20)
      .then((messages) => setText(lastOf(messages.filter((m) => m.sender === 'customer'))?.text ?? null))
      .catch(() => undefined);
  }, [conversation.id, conversation.last_seq]);
  return text ? <p class="popup-text">“{text}”</p> : null;
}

function AssignedPopup({ assignment, inbox, onOpen }: { assignment: Assignment; inbox: Inbox; onOpen: () => void }) {
  const { t } = useT();
  const { conversation, note, by, previousAgentId } = assignment;
  const from = by === 'transfer' ? inbox.agentName(previousAgentId) : '';
  return (
    <div
      class="popup assigned"
      role="alertdialog"
      aria-label={t.assignedTitle[by]}
      data-testid="console-popup"
      data-kind="assigned"
      data-by={by}
    >
      <p class="popup-title">{t.assignedTitle[by]}</p>
      <p class="popup-who">
        <strong>{conversation.contact.name}</strong> · {t.channel[conversation.channel]}
        {from && <> · {t.fromAgent(from)}</>}
      </p>
      {note ? (
        <p class="popup-text popup-note" data-testid="console-popup-note">
          {t.note}: {note}
        </p>
      ) : (
        <CustomerLastWords conversation={conversation} />
      )}
      <div class="popup-actions">
        <button type="button" class="primary" data-testid="console-popup-open" onClick={onOpen}>
          {t.open}
        </button>
        <button type="button" class="ghost" onClick={() => inbox.dismissPopup(conversation.id)}>
          {t.dismiss}
        </button>
      </div>
    </div>
  );
}
