// Builds every part: bundles for Node/Electron with esbuild, the renderer with Vite,
// and the privileged C helper with make. Entries whose source does not exist yet are skipped
// so that a partial checkout still builds.
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
const wanted = (name) => only.length === 0 || only.includes(name);

const nodeBundles = [
  { name: 'cli', entry: 'src/cli/main.ts', out: 'dist/cli/gangway.cjs', external: [] },
  { name: 'main', entry: 'src/main/main.ts', out: 'dist/main/main.cjs', external: ['electron'] },
  {
    name: 'main',
    entry: 'src/main/session-worker.ts',
    out: 'dist/main/session-worker.cjs',
    external: ['electron'],
  },
  {
    name: 'preload',
    entry: 'src/preload/preload.ts',
    out: 'dist/preload/preload.cjs',
    external: ['electron'],
    // Sandboxed preloads have no __filename and only a few modules: no import.meta shim.
    sandboxed: true,
  },
  {
    name: 'devhost',
    entry: 'src/devhost/devhost.ts',
    out: 'dist/devhost/devhost.cjs',
    external: [],
  },
];

async function main() {
  for (const b of nodeBundles) {
    if (!wanted(b.name) || !existsSync(path.join(root, b.entry))) continue;
    await esbuild({
      absWorkingDir: root,
      entryPoints: [b.entry],
      outfile: b.out,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      sourcemap: 'linked',
      external: b.external,
      logLevel: 'warning',
      // import.meta.url is used by a few modules to find sibling assets.
      ...(b.sandboxed
        ? {}
        : {
            define: { 'import.meta.url': 'importMetaUrl' },
            banner: {
              js: "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;",
            },
          }),
    });
  }
  if (wanted('renderer') && existsSync(path.join(root, 'src/renderer/index.html'))) {
    await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
  }
  if (wanted('helper') && existsSync(path.join(root, 'helper/Makefile'))) {
    const r = spawnSync('make', ['-s', '-C', 'helper'], { cwd: root, stdio: 'inherit' });
    if (r.error || r.status !== 0) {
      console.error('build: the TUN helper did not build; install gcc, make and libc6-dev');
      process.exit(1);
    }
  }
}

main().catch((err) => {
  console.error(`build: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
