// The reports' side of the API (team operations §4.10) and the small pure helpers of the
// Reports screen: date presets in a time zone, the query string, and a chart's scale.
import { requestJson } from '../shared/http';

export interface DurationStats {
  count: number;
  avg_s: number | null;
  p50_s: number | null;
  p90_s: number | null;
}

export interface ReportMetrics {
  conversations: number;
  handoff_requests: number;
  handoff_rate: number | null;
  ai_resolved: number;
  containment_rate: number | null;
  wait_time: DurationStats;
  abandoned: number;
  abandon_rate: number | null;
  first_response_time: DurationStats;
  agent_first_response: DurationStats;
  reply_time: DurationStats;
  handle_time: DurationStats;
  resolutions: number;
  reopens: number;
  transfers: number;
  offline_messages: number;
  offline_reply_time: DurationStats;
  csat: {
    requested: number;
    responses: number;
    score_pct: number | null;
    avg: number | null;
    response_rate: number | null;
  };
}

export interface ReportRange {
  from: string;
  to: string;
  tz: string;
}

export interface AgentReportRow {
  agent_id: string;
  name: string;
  assignments: number;
  resolutions: number;
  transfers_out: number;
  first_response_p50_s: number | null;
  reply_time_p50_s: number | null;
  handle_time_p50_s: number | null;
  csat_score_pct: number | null;
  available_s: number | null;
  utilization: number | null;
}

export interface LiveBoard {
  waiting: number;
  oldest_waiting_s: number | null;
  agents: {
    agent_id: string;
    name: string;
    presence: string;
    available: boolean;
    live_count: number;
    capacity: number | null;
  }[];
}

export interface Point {
  start: string;
  value: number | null;
}

export interface ReportFilters {
  from: string; // YYYY-MM-DD in tz
  to: string;
  tz: string;
  assistant_id: string;
  channel: string;
  business_hours: boolean;
}

export type Preset = 'today' | '7d' | '30d';

// Today's date in the zone, as YYYY-MM-DD.
export function todayIn(tz: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    now,
  );
}

export function addDays(date: string, days: number): string {
  const at = new Date(`${date}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

export function presetRange(preset: Preset, tz: string, now = new Date()): { from: string; to: string } {
  const today = todayIn(tz, now);
  const back = preset === 'today' ? 0 : preset === '7d' ? 6 : 29;
  return { from: addDays(today, -back), to: today };
}

export function reportQuery(filters: ReportFilters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams({ from: filters.from, to: filters.to, tz: filters.tz });
  if (filters.assistant_id) params.set('assistant_id', filters.assistant_id);
  if (filters.channel) params.set('channel', filters.channel);
  if (filters.business_hours) params.set('business_hours', 'true');
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  return params.toString();
}

// A round top for a chart's axis: 1, 2 or 5 times a power of ten, at least the largest value.
export function niceMax(values: (number | null)[]): number {
  const largest = Math.max(0, ...values.map((v) => v ?? 0));
  if (largest <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(largest));
  for (const step of [1, 2, 5, 10]) if (step * power >= largest) return step * power;
  return 10 * power;
}

const get = <T>(path: string) => requestJson<T>(path, { method: 'GET', credentials: 'same-origin' });

export const reportsApi = {
  summary: (filters: ReportFilters) =>
    get<{ range: ReportRange; metrics: ReportMetrics }>(`/api/v1/reports/summary?${reportQuery(filters)}`),
  timeseries: (filters: ReportFilters, metric: string) =>
    get<{ points: Point[] }>(`/api/v1/reports/timeseries?${reportQuery(filters, { metric, group_by: 'day' })}`).then(
      (r) => r.points,
    ),
  agents: (filters: ReportFilters) =>
    get<{ agents: AgentReportRow[] }>(`/api/v1/reports/agents?${reportQuery(filters)}`).then((r) => r.agents),
  live: (assistantId: string) =>
    get<LiveBoard>(`/api/v1/reports/live${assistantId ? `?assistant_id=${encodeURIComponent(assistantId)}` : ''}`),
};

// Downloads a report as CSV through the session cookie: fetched, then saved from a blob URL.
export async function downloadCsv(report: 'summary' | 'agents', filters: ReportFilters): Promise<void> {
  const response = await fetch(`/api/v1/reports/${report}?${reportQuery(filters, { format: 'csv' })}`, {
    credentials: 'same-origin',
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = `baton-${report}-${filters.from}-${filters.to}.csv`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
