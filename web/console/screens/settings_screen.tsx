// Settings: the signed-in user's account (Change password), the assistant (name, greeting, the
// live-agent checkbox, offline message), its routing and business hours, the embed snippet, and
// the team. Admins change them; agents read them.
import { useState } from 'preact/hooks';
import { kMaxGreetingChars, kMaxNameChars, kMaxQuestionChars } from '../../shared/limits';
import { api, type Agent, type Assistant } from '../api';
import { AccountSection } from '../components/account_section';
import { AssistantPicker } from '../components/assistant_picker';
import { BusinessHoursSection } from '../components/business_hours_section';
import { CannedRepliesSection } from '../components/canned_replies_section';
import { CopyButton } from '../components/copy_button';
import { LabelsSection } from '../components/labels_section';
import { WebhooksSection } from '../components/webhooks_section';
import { LineSettings } from '../components/line_settings';
import { EmailFollowupSettings } from '../components/email_followup_settings';
import { RoutingSettings } from '../components/routing_settings';
import { TeamSection } from '../components/team_section';
import { errorText } from '../errors';
import { useT } from '../i18n';
import { useAssistants } from '../use_assistants';

export function SettingsScreen({ me, setMe }: { me: Agent; setMe: (agent: Agent) => void }) {
  const { t } = useT();
  const { assistants, selected, select, replace } = useAssistants();
  const isAdmin = me.role === 'admin';
  const createAssistant = async () => {
    const name = prompt(t.assistantName);
    if (name?.trim()) {
      const created = await api.createAssistant(name.trim());
      replace(created);
      select(created.id);
    }
  };
  if (!assistants) return <p class="empty">{t.loading}</p>;
  return (
    <div class="page">
      <div class="page-head">
        <h1>{t.navSettings}</h1>
        <AssistantPicker assistants={assistants} selected={selected} select={select} />
        {isAdmin && (
          <button type="button" class="secondary" onClick={() => void createAssistant()}>
            {t.newAssistant}
          </button>
        )}
      </div>
      <AccountSection me={me} />
      {!isAdmin && <p class="hint">{t.adminOnly}</p>}
      {selected && <AssistantForm key={selected.id} assistant={selected} editable={isAdmin} onSaved={replace} />}
      {selected && <RoutingSettings key={selected.id} assistant={selected} editable={isAdmin} onSaved={replace} />}
      {selected && (
        <EmailFollowupSettings key={selected.id} assistant={selected} editable={isAdmin} onSaved={replace} />
      )}
      {selected && <BusinessHoursSection key={selected.id} assistant={selected} editable={isAdmin} onSaved={replace} />}
      {selected && <EmbedSnippet assistantId={selected.id} />}
      {selected && <LineSettings key={selected.id} assistantId={selected.id} editable={isAdmin} />}
      {selected && <CannedRepliesSection assistant={selected} />}
      <LabelsSection editable={isAdmin} />
      {isAdmin && <WebhooksSection />}
      <TeamSection me={me} onMeChanged={setMe} assistants={assistants} />
    </div>
  );
}

function AssistantForm({
  assistant,
  editable,
  onSaved,
}: {
  assistant: Assistant;
  editable: boolean;
  onSaved: (a: Assistant) => void;
}) {
  const { t } = useT();
  const [draft, setDraft] = useState(assistant);
  const [note, setNote] = useState<string | null>(null);
  // Any edit clears the last "Saved.", so it always speaks of the latest save.
  const change = (next: Assistant) => {
    setDraft(next);
    setNote(null);
  };
  const field = (key: keyof Assistant) => (e: Event) =>
    change({ ...draft, [key]: (e.target as HTMLInputElement).value });
  const save = async (e: Event) => {
    e.preventDefault();
    setNote(null);
    try {
      const saved = await api.updateAssistant(assistant.id, {
        name: draft.name,
        greeting: draft.greeting,
        live_agent_enabled: draft.live_agent_enabled,
        offline_message: draft.offline_message,
        llm_base_url: draft.llm_base_url,
        llm_model: draft.llm_model,
        llm_api_key_env: draft.llm_api_key_env,
        csat_enabled: draft.csat_enabled,
        csat_question: draft.csat_question,
      });
      onSaved(saved);
      setNote(t.saved);
    } catch (error) {
      setNote(errorText(error, t));
    }
  };
  return (
    <form class="card form" onSubmit={save} data-testid="console-assistant-settings">
      <label>
        {t.assistantName}
        <input
          data-testid="console-assistant-name"
          required
          maxLength={kMaxNameChars}
          disabled={!editable}
          value={draft.name}
          onInput={field('name')}
        />
      </label>
      <label>
        {t.greeting}
        <textarea
          data-testid="console-assistant-greeting"
          rows={2}
          maxLength={kMaxGreetingChars}
          disabled={!editable}
          value={draft.greeting}
          onInput={field('greeting')}
        />
      </label>
      <label class="check">
        <input
          type="checkbox"
          data-testid="console-live-agent-enabled"
          disabled={!editable}
          checked={draft.live_agent_enabled}
          onChange={(e) => change({ ...draft, live_agent_enabled: (e.target as HTMLInputElement).checked })}
        />
        <span>
          {t.liveAgentSetting}
          <small>{t.liveAgentHint}</small>
        </span>
      </label>
      <label>
        {t.offlineMessage}
        <textarea
          data-testid="console-offline-message"
          placeholder={t.offlineMessageDefault}
          rows={2}
          maxLength={kMaxGreetingChars}
          disabled={!editable}
          value={draft.offline_message}
          onInput={field('offline_message')}
        />
      </label>
      <label class="check">
        <input
          type="checkbox"
          data-testid="console-csat-enabled"
          disabled={!editable}
          checked={draft.csat_enabled}
          onChange={(e) => change({ ...draft, csat_enabled: (e.target as HTMLInputElement).checked })}
        />
        <span>
          {t.csatSetting}
          <small>{t.csatHint}</small>
        </span>
      </label>
      {draft.csat_enabled && (
        <label>
          {t.csatQuestion}
          <textarea
            data-testid="console-csat-question"
            placeholder={t.notices.csatRequested}
            rows={2}
            maxLength={kMaxQuestionChars}
            disabled={!editable}
            value={draft.csat_question}
            onInput={field('csat_question')}
          />
        </label>
      )}
      <fieldset class="llm">
        <legend>{t.llmTitle}</legend>
        <p class="hint">{t.llmHint}</p>
        <label>
          {t.llmBaseUrl}
          <input
            data-testid="console-llm-base-url"
            placeholder="https://api.openai.com/v1"
            disabled={!editable}
            value={draft.llm_base_url}
            onInput={field('llm_base_url')}
          />
        </label>
        <label>
          {t.llmModel}
          <input
            data-testid="console-llm-model"
            placeholder="gpt-4o-mini"
            disabled={!editable}
            value={draft.llm_model}
            onInput={field('llm_model')}
          />
        </label>
        <label>
          {t.llmApiKeyEnv}
          <input
            data-testid="console-llm-api-key-env"
            placeholder="BATON_LLM_OPENAI_KEY"
            disabled={!editable}
            value={draft.llm_api_key_env}
            onInput={field('llm_api_key_env')}
          />
        </label>
      </fieldset>
      {editable && (
        <div class="form-bar">
          <button type="submit" class="primary" data-testid="console-save-assistant">
            {t.save}
          </button>
          {note && <span role="status">{note}</span>}
        </div>
      )}
    </form>
  );
}

function EmbedSnippet({ assistantId }: { assistantId: string }) {
  const { t } = useT();
  const snippet = `<script src="${location.origin}/widget.js" data-assistant-id="${assistantId}" async></script>`;
  return (
    <section class="card">
      <h2>{t.embedTitle}</h2>
      <p class="hint">{t.embedHint}</p>
      <div class="snippet">
        <code data-testid="console-embed-snippet">{snippet}</code>
        <CopyButton text={snippet} testId="console-copy-snippet" />
      </div>
    </section>
  );
}
