// The trace of a browser test (BATON_TRACE, set by CTest, which shows the output of failed
// tests only): every request, answer, socket frame and console line of the pages, and the
// server's log. It is kept in memory and printed when the test process exits, after the test
// runner has reported the failure, so that the reason for a failure comes first in the output
// and a long trace cannot push it out of view.
import { writeSync } from 'node:fs';

export const tracing = Boolean(process.env.BATON_TRACE);

const kMaxLines = 1500;
const lines = [];
let dropped = 0;

export function trace(line) {
  if (!tracing) return;
  lines.push(line);
  if (lines.length > kMaxLines) {
    lines.shift();
    dropped++;
  }
}

if (tracing) {
  process.on('exit', () => {
    if (lines.length === 0) return;
    const head = dropped > 0 ? `trace: the first ${dropped} lines are left out\n` : '';
    writeSync(1, `${head}${lines.join('\n')}\n`);
  });
}
