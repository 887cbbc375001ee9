// Settings → Team: every console user with role, presence, load and whether disabled. Admins
// disable and enable them, set a new password, change the role, the limit of conversations at
// once and the assistants they serve, and add users; agents only read. The server's refusals
// (the last admin, a weak password) are shown on the row they concern.
import { useEffect, useState } from 'preact/hooks';
import { kMaxNameChars } from '../../shared/limits';
import { api, ApiError, type Agent, type AgentPatch, type Assistant, type Role } from '../api';
import { errorText } from '../errors';
import { useT, type Strings } from '../i18n';
import { TeamRouting } from './team_routing';

interface Props {
  me: Agent;
  onMeChanged: (agent: Agent) => void;
  assistants: Assistant[];
}

export function TeamSection({ me, onMeChanged, assistants }: Props) {
  const { t } = useT();
  const [agents, setAgents] = useState<Agent[]>([]);
  useEffect(() => void api.agents().then(setAgents, () => undefined), []);
  const isAdmin = me.role === 'admin';
  const replace = (agent: Agent) => {
    setAgents((list) => list.map((a) => (a.id === agent.id ? agent : a)));
    if (agent.id === me.id) onMeChanged(agent);
  };
  return (
    <section class="card" data-testid="console-team">
      <h2>{t.teamTitle}</h2>
      {!isAdmin && <p class="hint">{t.teamReadOnly}</p>}
      <ul class="team">
        {agents.map((a) => (
          <TeamRow
            key={a.id}
            agent={a}
            self={a.id === me.id}
            editable={isAdmin}
            onChanged={replace}
            assistants={assistants}
          />
        ))}
      </ul>
      {isAdmin && <AddAgentForm onAdded={(agent) => setAgents((list) => [...list, agent])} />}
    </section>
  );
}

// A refusal about one user, in words; an id gone since the list was loaded says so.
const rowErrorText = (error: unknown, t: Strings) =>
  error instanceof ApiError && error.status === 404 ? t.agentGone : errorText(error, t);

interface RowProps {
  agent: Agent;
  self: boolean;
  editable: boolean;
  onChanged: (agent: Agent) => void;
  assistants: Assistant[];
}

function TeamRow({ agent: a, self, editable, onChanged, assistants }: RowProps) {
  const { t } = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [resetting, setResetting] = useState(false);

  const change = async (patch: AgentPatch): Promise<boolean> => {
    setBusy(true);
    setError(null);
    setNote(null);
    try {
      // The answer may leave out the load (live_count, available): keep the one shown.
      onChanged({ ...a, ...(await api.updateAgent(a.id, patch)) });
      return true;
    } catch (e) {
      setError(rowErrorText(e, t));
      return false;
    } finally {
      setBusy(false);
    }
  };
  const passwordSet = () => {
    setResetting(false);
    setNote(t.passwordSet(a.name));
  };

  // Admins do not disable or reset themselves here: that would sign them out at once (their
  // own password has the Change password form).
  const actions = editable && !self;
  return (
    <li
      class={a.disabled ? 'team-row disabled' : 'team-row'}
      data-testid="console-team-row"
      data-agent-id={a.id}
      data-disabled={a.disabled ? 'true' : 'false'}
    >
      <div class="team-line">
        <span class="team-who">
          <span class="name">
            {a.name}
            {self && ` (${t.you})`}
          </span>
          <span class="team-email">{a.email}</span>
        </span>
        {editable ? (
          <select
            data-testid="console-team-role"
            aria-label={t.role}
            value={a.role}
            disabled={busy}
            onChange={(e) => void change({ role: (e.target as HTMLSelectElement).value as Role })}
          >
            <option value="agent">{t.agent}</option>
            <option value="admin">{t.admin}</option>
          </select>
        ) : (
          <span class="team-role">{a.role === 'admin' ? t.admin : t.agent}</span>
        )}
        <span class={`presence-tag presence-${a.presence}`}>{t[a.presence]}</span>
        {a.disabled && (
          <span class="tag warn" data-testid="console-team-disabled">
            {t.disabled}
          </span>
        )}
        {actions && (
          <span class="team-actions">
            {a.disabled ? (
              <button
                type="button"
                class="secondary"
                data-testid="console-team-enable"
                disabled={busy}
                onClick={() => void change({ disabled: false })}
              >
                {t.enable}
              </button>
            ) : (
              <button
                type="button"
                class="ghost"
                data-testid="console-team-disable"
                disabled={busy}
                onClick={() => void change({ disabled: true })}
              >
                {t.disable}
              </button>
            )}
            <button
              type="button"
              class="ghost"
              data-testid="console-team-reset-password"
              aria-expanded={resetting}
              onClick={() => {
                setResetting(!resetting);
                setError(null);
                setNote(null);
              }}
            >
              {t.resetPassword}
            </button>
          </span>
        )}
      </div>
      <TeamRouting agent={a} assistants={assistants} editable={editable} busy={busy} change={change} />
      {resetting && <ResetPasswordForm change={change} onDone={passwordSet} onCancel={() => setResetting(false)} />}
      {error && (
        <p class="form-error" role="alert" data-testid="console-team-error">
          {error}
        </p>
      )}
      {note && (
        <p class="hint" role="status">
          {note}
        </p>
      )}
    </li>
  );
}

function ResetPasswordForm({
  change,
  onDone,
  onCancel,
}: {
  change: (patch: AgentPatch) => Promise<boolean>;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useT();
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    const saved = await change({ password });
    setBusy(false);
    if (saved) onDone();
  };
  return (
    <form class="inline-form team-reset" onSubmit={save}>
      <label>
        {t.newPassword}{' '}
        <input
          data-testid="console-team-new-password"
          type="password"
          autoComplete="new-password"
          required
          value={password}
          onInput={(e) => setPassword((e.target as HTMLInputElement).value)}
        />
      </label>
      <button type="submit" class="primary" data-testid="console-team-save-password" disabled={busy}>
        {t.setPassword}
      </button>
      <button type="button" class="ghost" onClick={onCancel}>
        {t.cancel}
      </button>
      <span class="hint">{t.passwordRule}</span>
    </form>
  );
}

function AddAgentForm({ onAdded }: { onAdded: (agent: Agent) => void }) {
  const { t } = useT();
  const empty = { name: '', email: '', password: '', role: 'agent' };
  const [draft, setDraft] = useState(empty);
  const [error, setError] = useState<string | null>(null);
  const add = async (e: Event) => {
    e.preventDefault();
    try {
      onAdded(await api.createAgent(draft));
      setDraft(empty);
      setError(null);
    } catch (failure) {
      setError(errorText(failure, t));
    }
  };
  const field = (key: keyof typeof draft) => (e: Event) =>
    setDraft({ ...draft, [key]: (e.target as HTMLInputElement).value });
  return (
    <form class="inline-form" onSubmit={add}>
      <input
        placeholder={t.name}
        aria-label={t.name}
        required
        maxLength={kMaxNameChars}
        value={draft.name}
        onInput={field('name')}
      />
      <input
        placeholder={t.email}
        aria-label={t.email}
        type="email"
        required
        value={draft.email}
        onInput={field('email')}
      />
      <input
        placeholder={t.password}
        aria-label={t.password}
        type="password"
        autoComplete="new-password"
        required
        value={draft.password}
        onInput={field('password')}
      />
      <select aria-label={t.role} value={draft.role} onChange={field('role')}>
        <option value="agent">{t.agent}</option>
        <option value="admin">{t.admin}</option>
      </select>
      <button type="submit" class="primary">
        {t.addAgent}
      </button>
      {error && (
        <span class="form-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
