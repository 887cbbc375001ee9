// Reports (team operations §4.10): filters, summary tiles, two daily charts, the agents table
// (an agent sees their own row), the live wallboard, and CSV downloads. Every number comes from
// the reports API, which computes them all from the conversation event log.
import { useEffect, useState } from 'preact/hooks';
import type { Agent } from '../api';
import { ReportChart } from '../components/report_chart';
import { useT } from '../i18n';
import {
  downloadCsv,
  presetRange,
  reportsApi,
  type AgentReportRow,
  type DurationStats,
  type LiveBoard,
  type Point,
  type Preset,
  type ReportFilters,
  type ReportMetrics,
} from '../reports';
import { useAssistants } from '../use_assistants';

const kLiveRefreshMs = 15_000;

const seconds = (value: number | null | undefined) => {
  if (value === null || value === undefined) return '–';
  if (value < 10) return `${Math.round(value * 10) / 10}s`;
  if (value < 60) return `${Math.round(value)}s`;
  if (value < 3600) return `${Math.floor(value / 60)}m ${Math.round(value % 60)}s`;
  return `${Math.floor(value / 3600)}h ${Math.round((value % 3600) / 60)}m`;
};
const percent = (value: number | null | undefined) =>
  value === null || value === undefined ? '–' : `${Math.round(value * 1000) / 10}%`;

function defaultZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'Asia/Taipei';
}

export function ReportsScreen({ me }: { me: Agent }) {
  const { t } = useT();
  const r = t.reports;
  const { assistants } = useAssistants();
  const [filters, setFilters] = useState<ReportFilters>(() => {
    const tz = defaultZone();
    return { ...presetRange('7d', tz), tz, assistant_id: '', channel: '', business_hours: false };
  });
  const [metrics, setMetrics] = useState<ReportMetrics | null>(null);
  const [handoffs, setHandoffs] = useState<Point[]>([]);
  const [firstResponse, setFirstResponse] = useState<Point[]>([]);
  const [agents, setAgents] = useState<AgentReportRow[]>([]);
  const [live, setLive] = useState<LiveBoard | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    setError(null);
    Promise.all([
      reportsApi.summary(filters),
      reportsApi.timeseries(filters, 'handoff_requests'),
      reportsApi.timeseries(filters, 'first_response_time.p50_s'),
      reportsApi.agents(filters),
    ]).then(
      ([summary, handoffPoints, responsePoints, agentRows]) => {
        if (!current) return;
        setMetrics(summary.metrics);
        setHandoffs(handoffPoints);
        setFirstResponse(responsePoints);
        setAgents(agentRows);
      },
      (cause: Error) => current && setError(cause.message),
    );
    return () => {
      current = false;
    };
  }, [filters]);

  useEffect(() => {
    const refresh = () => reportsApi.live(filters.assistant_id).then(setLive, () => undefined);
    void refresh();
    const timer = setInterval(refresh, kLiveRefreshMs);
    return () => clearInterval(timer);
  }, [filters.assistant_id]);

  const update = (change: Partial<ReportFilters>) => setFilters((old) => ({ ...old, ...change }));
  const preset = (which: Preset) => update(presetRange(which, filters.tz));
  const exportCsv = (report: 'summary' | 'agents') =>
    downloadCsv(report, filters).catch((cause: Error) => setError(cause.message));

  const tile = (id: string, label: string, value: string) => (
    <div class="report-tile" data-testid={`report-tile-${id}`} data-value={value}>
      <span class="report-tile-label">{label}</span>
      <strong>{value}</strong>
    </div>
  );
  const duration = (id: string, label: string, stats: DurationStats | undefined) =>
    tile(id, `${label} (p50 / p90)`, stats ? `${seconds(stats.p50_s)} / ${seconds(stats.p90_s)}` : '–');

  return (
    <div class="reports" data-testid="reports-screen">
      <section class="card report-filters">
        <div class="report-presets">
          <button type="button" data-testid="reports-preset-today" onClick={() => preset('today')}>
            {r.today}
          </button>
          <button type="button" data-testid="reports-preset-7d" onClick={() => preset('7d')}>
            {r.last7}
          </button>
          <button type="button" data-testid="reports-preset-30d" onClick={() => preset('30d')}>
            {r.last30}
          </button>
        </div>
        <label>
          {r.from}
          <input
            type="date"
            data-testid="reports-from"
            value={filters.from}
            onChange={(e) => update({ from: (e.target as HTMLInputElement).value })}
          />
        </label>
        <label>
          {r.to}
          <input
            type="date"
            data-testid="reports-to"
            value={filters.to}
            onChange={(e) => update({ to: (e.target as HTMLInputElement).value })}
          />
        </label>
        <label>
          {r.timezone}
          <input
            data-testid="reports-tz"
            value={filters.tz}
            onChange={(e) => update({ tz: (e.target as HTMLInputElement).value.trim() })}
          />
        </label>
        <label>
          {r.assistant}
          <select
            data-testid="reports-assistant"
            value={filters.assistant_id}
            onChange={(e) => update({ assistant_id: (e.target as HTMLSelectElement).value })}
          >
            <option value="">{r.all}</option>
            {(assistants ?? []).map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {r.channel}
          <select
            data-testid="reports-channel"
            value={filters.channel}
            onChange={(e) => update({ channel: (e.target as HTMLSelectElement).value })}
          >
            <option value="">{r.all}</option>
            <option value="web">Web</option>
            <option value="line">LINE</option>
          </select>
        </label>
        <label class="report-toggle">
          <input
            type="checkbox"
            data-testid="reports-business-hours"
            checked={filters.business_hours}
            onChange={(e) => update({ business_hours: (e.target as HTMLInputElement).checked })}
          />
          {r.businessHours}
        </label>
        <div class="report-exports">
          <button type="button" data-testid="reports-export-summary" onClick={() => void exportCsv('summary')}>
            {r.exportSummary}
          </button>
          <button type="button" data-testid="reports-export-agents" onClick={() => void exportCsv('agents')}>
            {r.exportAgents}
          </button>
        </div>
      </section>
      {error && (
        <p class="error" role="alert" data-testid="reports-error">
          {error}
        </p>
      )}
      {me.role !== 'admin' && <p class="hint">{r.ownOnly}</p>}
      <section class="report-tiles" aria-label={r.summary}>
        {tile('conversations', r.conversations, String(metrics?.conversations ?? '–'))}
        {tile('handoff_requests', r.handoffRequests, String(metrics?.handoff_requests ?? '–'))}
        {tile('containment_rate', r.containment, percent(metrics?.containment_rate))}
        {tile('resolutions', r.resolutions, String(metrics?.resolutions ?? '–'))}
        {tile('abandon_rate', r.abandonRate, percent(metrics?.abandon_rate))}
        {duration('wait_time', r.waitTime, metrics?.wait_time)}
        {duration('first_response_time', r.firstResponse, metrics?.first_response_time)}
        {duration('reply_time', r.replyTime, metrics?.reply_time)}
        {duration('handle_time', r.handleTime, metrics?.handle_time)}
        {tile('csat', r.csat, metrics?.csat.score_pct == null ? '–' : `${metrics.csat.score_pct}%`)}
      </section>
      <section class="card report-charts">
        <ReportChart testId="report-chart-handoffs" title={r.handoffsPerDay} points={handoffs} format={String} />
        <ReportChart testId="report-chart-frt" title={r.firstResponsePerDay} points={firstResponse} format={seconds} />
      </section>
      <section class="card">
        <h2>{r.agents}</h2>
        <table class="report-agents" data-testid="reports-agents-table">
          <thead>
            <tr>
              <th>{r.agent}</th>
              <th>{r.assignments}</th>
              <th>{r.resolutions}</th>
              <th>{r.transfersOut}</th>
              <th>{r.firstResponse} p50</th>
              <th>{r.replyTime} p50</th>
              <th>{r.handleTime} p50</th>
              <th>{r.csat}</th>
              <th>{r.available}</th>
              <th>{r.utilization}</th>
            </tr>
          </thead>
          <tbody>
            {agents.map((row) => (
              <tr key={row.agent_id} data-testid={`report-agent-row-${row.agent_id}`}>
                <td>{row.name}</td>
                <td>{row.assignments}</td>
                <td data-testid="report-agent-resolutions">{row.resolutions}</td>
                <td>{row.transfers_out}</td>
                <td>{seconds(row.first_response_p50_s)}</td>
                <td>{seconds(row.reply_time_p50_s)}</td>
                <td>{seconds(row.handle_time_p50_s)}</td>
                <td>{row.csat_score_pct === null ? '–' : `${row.csat_score_pct}%`}</td>
                <td>{seconds(row.available_s)}</td>
                <td>{percent(row.utilization)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section class="card" data-testid="reports-live">
        <h2>{r.live}</h2>
        <p>
          {r.waiting}: <strong data-testid="live-waiting">{live?.waiting ?? '–'}</strong> · {r.oldestWaiting}:{' '}
          <strong data-testid="live-oldest">{seconds(live?.oldest_waiting_s)}</strong>
        </p>
        <ul class="live-agents">
          {(live?.agents ?? []).map((agent) => (
            <li
              key={agent.agent_id}
              data-testid={`live-agent-${agent.agent_id}`}
              data-available={String(agent.available)}
            >
              <span class={`dot presence-${agent.presence}`} aria-hidden="true" /> {agent.name}{' '}
              <span class="load">
                {agent.live_count}
                {agent.capacity === null ? '' : `/${agent.capacity}`}
              </span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
