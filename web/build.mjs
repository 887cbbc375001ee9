// Bundles the front ends with esbuild into --out DIR: index.html + console.{js,css} (the agent
// console), widget.js (the embed script, CSS inlined for its shadow root), demo.html; each file
// also gzipped (the server sends that to browsers that accept it). Prints the sizes.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const web = dirname(fileURLToPath(import.meta.url));
const outIndex = process.argv.indexOf('--out');
const out = resolve(outIndex > 0 ? process.argv[outIndex + 1] : join(web, '..', 'build', 'web'));
mkdirSync(out, { recursive: true });

const common = {
  bundle: true,
  minify: true,
  target: ['es2020'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  legalComments: 'none',
  logLevel: 'warning',
};

await build({
  ...common,
  entryPoints: [join(web, 'widget', 'main.tsx')],
  outfile: join(out, 'widget.js'),
  format: 'iife',
  loader: { '.css': 'text' },
});

await build({
  ...common,
  entryPoints: [join(web, 'console', 'main.tsx')],
  outfile: join(out, 'console.js'),
  format: 'iife',
});

copyFileSync(join(web, 'console', 'index.html'), join(out, 'index.html'));
copyFileSync(join(web, 'demo', 'index.html'), join(out, 'demo.html'));

const sizes = {};
for (const file of ['index.html', 'console.js', 'console.css', 'widget.js', 'demo.html']) {
  const bytes = readFileSync(join(out, file));
  const gzipped = gzipSync(bytes, { level: 9 });
  writeFileSync(join(out, file + '.gz'), gzipped);
  sizes[file] = { bytes: bytes.length, gzipped: gzipped.length };
}
writeFileSync(join(out, 'sizes.json'), JSON.stringify(sizes, null, 2) + '\n');
const kb = (n) => (n / 1024).toFixed(1) + ' KiB';
console.log(
  `web: widget.js ${kb(sizes['widget.js'].bytes)} (${kb(sizes['widget.js'].gzipped)} gzipped), ` +
    `console.js ${kb(sizes['console.js'].bytes)} (${kb(sizes['console.js'].gzipped)} gzipped)`,
);
