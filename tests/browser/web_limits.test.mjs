// The front ends' field sizes (web/shared/limits.ts) are the server's: each size there has a C++
// constant of the same name in src/core with the same value, so a form never lets through what
// the API refuses, nor stops short of what it takes.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';

const kRoot = resolve(import.meta.dirname, '../..');

// Timings of the front ends alone, with no C++ counterpart.
const kWebOnly = new Set(['kTypingSentEveryMs', 'kTypingShownMs']);

const number = (text) => Number(text.replaceAll(/['_]/g, ''));

test('every size in web/shared/limits.ts equals its constant in src/core', () => {
  const web = readFileSync(join(kRoot, 'web/shared/limits.ts'), 'utf8');
  const sizes = [...web.matchAll(/export const (k\w+) = ([\d_]+);/g)].filter(([, name]) => !kWebOnly.has(name));
  assert.ok(sizes.length >= 5, `sizes found: ${sizes.length}`);

  const core = join(kRoot, 'src/core');
  const cpp = new Map();
  for (const file of readdirSync(core).filter((f) => /\.(hpp|cpp)$/.test(f))) {
    const text = readFileSync(join(core, file), 'utf8');
    for (const [, name, value] of text.matchAll(/constexpr [\w:]+ (k\w+) = ([\d']+);/g)) cpp.set(name, number(value));
  }
  for (const [, name, value] of sizes) {
    assert.ok(cpp.has(name), `${name} has no constant of that name in src/core`);
    assert.equal(number(value), cpp.get(name), `${name}: web ${value}, C++ ${cpp.get(name)}`);
  }
});
