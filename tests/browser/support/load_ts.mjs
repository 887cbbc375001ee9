// Front-end modules for node-only tests: `entry` (export lines relative to the repository root)
// bundled with esbuild and imported, no browser needed.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const kRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export async function loadTs(entry) {
  const bundle = await build({
    stdin: { contents: entry, resolveDir: kRoot, loader: 'ts' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    logLevel: 'silent',
  });
  const code = Buffer.from(bundle.outputFiles[0].text).toString('base64');
  return import(`data:text/javascript;base64,${code}`);
}
