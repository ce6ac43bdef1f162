// Compiles services/ and libs/ to dist/ with SWC (type checking is `npm run typecheck`).
// Path aliases come from tsconfig.base.json, the one place they are defined, and are rewritten
// to relative requires so `node dist/services/<name>/src/main.js` runs without a loader.
import { transformFile } from '@swc/core';
import { mkdir, readdir, readFile, writeFile, copyFile, rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(root, 'dist');
const { compilerOptions } = JSON.parse(await readFile(join(root, 'tsconfig.base.json'), 'utf8'));
const testFile = /\.(spec|int-spec|e2e-spec)\.ts$/;
const copied = /\.(avsc|yaml|yml|json|html|css|js)$/;

async function* walk(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== '__fixtures__') yield* walk(path);
    } else yield path;
  }
}

const options = (file) => ({
  filename: file,
  sourceMaps: 'inline',
  module: { type: 'commonjs' },
  jsc: {
    target: 'es2023',
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    keepClassNames: true,
    baseUrl: root,
    paths: compilerOptions.paths,
  },
});

await rm(out, { recursive: true, force: true });
let count = 0;
for (const top of ['services', 'libs', 'schemas']) {
  for await (const file of walk(join(root, top))) {
    const target = join(out, relative(root, file));
    if (file.endsWith('.ts') && !file.endsWith('.d.ts') && !testFile.test(file)) {
      const { code } = await transformFile(file, options(file));
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target.replace(/\.ts$/, '.js'), code);
      count++;
    } else if (copied.test(file) && !testFile.test(file)) {
      await mkdir(dirname(target), { recursive: true });
      await copyFile(file, target);
    }
  }
}
console.log(`build: ${count} files compiled to ${relative(process.cwd(), out) || out}`);
