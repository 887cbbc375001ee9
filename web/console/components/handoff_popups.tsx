// The popup the moment a customer asks for a person: who, their last message, Accept.
import { useEffect, useState } from 'preact/hooks';
import { lastOf } from '../../shared/format';
import type { Conversation } from '../../shared/types';
import { api, ApiError } from '../api';
import { openConversation } from '../app';
import { useT } from '../i18n';
import type { Inbox } from '../inbox';
import { askForNotifications, canAskForNotifications } from '../notify';

export function HandoffPopups({ inbox, popups }: { inbox: Inbox; popups: Conversation[] }) {
  const { t } = useT();
  const [error, setError] = useState<string | null>(null);
  const [askNotify, setAskNotify] = useState(canAskForNotifications() && !sessionStorage.getItem('baton:notify-later'));

  const accept = async (conversation: Conversation) => {
    try {
      inbox.apply(await api.takeOver(conversation.id));
      setError(null);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
    inbox.dismissPopup(conversation.id);
    openConversation(conversation.id);
  };

  return (
    <div class="popups" aria-live="assertive">
      {error && (
        <div class="popup error" role="alert">
          {error}
        </div>
      )}
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
