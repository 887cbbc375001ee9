// The widget loads on every page of a customer's shop: it must stay small.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { batonBinary } from './support/baton.mjs';

const kWidgetBudgetBytes = 30 * 1024;

test('the widget script is under 30 KB gzipped', () => {
  const dir = process.env.BATON_WEB_DIR ?? join(batonBinary(), '..', 'web');
  const gzipped = gzipSync(readFileSync(join(dir, 'widget.js')), { level: 9 }).length;
  console.log(`widget.js: ${gzipped} bytes gzipped (budget ${kWidgetBudgetBytes})`);
  assert.ok(gzipped < kWidgetBudgetBytes, `${gzipped} bytes`);
});
