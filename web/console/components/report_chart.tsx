// A bar chart of one metric per day, drawn as SVG (no chart library: the console stays small).
import { niceMax, type Point } from '../reports';

interface Props {
  testId: string;
  title: string;
  points: Point[];
  format: (value: number) => string;
}

const kWidth = 560;
const kHeight = 160;
const kLeft = 40;
const kBottom = 20;

export function ReportChart({ testId, title, points, format }: Props) {
  const top = niceMax(points.map((p) => p.value));
  const plotWidth = kWidth - kLeft;
  const plotHeight = kHeight - kBottom - 8;
  const slot = points.length > 0 ? plotWidth / points.length : plotWidth;
  const barWidth = Math.max(2, slot * 0.7);
  const labelEvery = Math.max(1, Math.ceil(points.length / 8));
  return (
    <figure class="report-chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${kWidth} ${kHeight}`} role="img" aria-label={title}>
        <line class="axis" x1={kLeft} y1={8 + plotHeight} x2={kWidth} y2={8 + plotHeight} />
        <text class="tick" x={kLeft - 4} y={12} text-anchor="end">
          {format(top)}
        </text>
        <text class="tick" x={kLeft - 4} y={8 + plotHeight} text-anchor="end">
          0
        </text>
        {points.map((point, i) => {
          const value = point.value ?? 0;
          const height = (value / top) * plotHeight;
          const x = kLeft + i * slot + (slot - barWidth) / 2;
          return (
            <g key={point.start} data-testid={`${testId}-bar`} data-day={point.start.slice(0, 10)} data-value={value}>
              <rect class="bar" x={x} y={8 + plotHeight - height} width={barWidth} height={height}>
                <title>{`${point.start.slice(0, 10)}: ${point.value === null ? '–' : format(value)}`}</title>
              </rect>
              {i % labelEvery === 0 && (
                <text class="tick" x={x + barWidth / 2} y={kHeight - 4} text-anchor="middle">
                  {point.start.slice(5, 10)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
