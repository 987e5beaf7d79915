// Compiles apps/, libs/ and tools/ (TypeScript) to dist/ with swc. Incremental: a
// file is recompiled only when its source is newer than its output. Type checking is
// a separate step (npm run typecheck): swc strips types, it does not check them.
import fs from 'node:fs';
import path from 'node:path';
import { transformFile } from '@swc/core';
import { swcOptions, workspaceRoot } from './swc-options.mjs';

const roots = ['apps', 'libs', 'tools'];
const outRoot = path.join(workspaceRoot, 'dist');
const isSource = (f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.endsWith('.spec.ts');

function* walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === '__fixtures__') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (isSource(entry.name) || entry.name.endsWith('.sql')) yield full;
  }
}

async function build() {
  const started = Date.now();
  const options = swcOptions();
  let compiled = 0;
  for (const root of roots) {
    const dir = path.join(workspaceRoot, root);
    if (!fs.existsSync(dir)) continue;
    for (const file of walk(dir)) {
      const rel = path.relative(workspaceRoot, file);
      const out = path.join(outRoot, file.endsWith('.ts') ? rel.replace(/\.ts$/, '.js') : rel);
      if (fs.existsSync(out) && fs.statSync(out).mtimeMs >= fs.statSync(file).mtimeMs) continue;
      fs.mkdirSync(path.dirname(out), { recursive: true });
      if (file.endsWith('.sql')) {
        fs.copyFileSync(file, out);
      } else {
        const result = await transformFile(file, { ...options, filename: file, sourceFileName: path.relative(path.dirname(out), file) });
        fs.writeFileSync(out, `${result.code}\n//# sourceMappingURL=${path.basename(out)}.map\n`);
        fs.writeFileSync(`${out}.map`, result.map ?? '');
      }
      compiled += 1;
    }
  }
  console.log(`build: ${compiled} file(s) compiled in ${Date.now() - started} ms`);
}

await build();
