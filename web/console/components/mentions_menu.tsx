// The mentions inbox (team operations §4.6): the notes that named this agent and are not read
// yet, newest first. Opening one opens its conversation and marks it read.
import { useState } from 'preact/hooks';
import { clockTime } from '../../shared/format';
import type { Mention } from '../../shared/types';
import { openConversation } from '../app';
import { useT } from '../i18n';
import type { Inbox } from '../inbox';

export function MentionsMenu({ inbox, mentions }: { inbox: Inbox; mentions: Mention[] }) {
  const { t, lang } = useT();
  const [open, setOpen] = useState(false);
  return (
    <div class="mentions-menu">
      <button
        type="button"
        class="ghost"
        data-testid="mentions-button"
        aria-expanded={open}
        title={t.mentionsTitle}
        onClick={() => setOpen(!open)}
      >
        @
        {mentions.length > 0 && (
          <span class="pill warn" data-testid="mentions-count">
            {mentions.length}
          </span>
        )}
      </button>
      {open && (
        <ul class="mentions-list" data-testid="mentions-list" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
          {mentions.length === 0 && <li class="empty">{t.mentionsNone}</li>}
          {mentions.map((m) => (
            <li key={m.id}>
              <button
                type="button"
                data-testid="mention-item"
                onClick={() => {
                  setOpen(false);
                  openConversation(m.conversation_id);
                  void inbox.readMention(m.id);
                }}
              >
                <strong>{t.mentionedYou(m.note.agent_name)}</strong>
                <time dateTime={m.created_at}>{clockTime(m.created_at, lang)}</time>
                <span class="mention-text">{m.note.text}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
