// Builds every part: bundles for Node/Electron with esbuild, the renderer with Vite,
// and the privileged C helper with make. Entries whose source does not exist yet are skipped
// so that a partial checkout still builds.
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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
  if (wanted('main')) writeLicences();
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

/**
 * dist/licenses.json and dist/licenses.txt: every package bundled into the app (the production
 * dependencies, transitively, and Electron itself) with its licence, for the About dialog.
 */
function writeLicences() {
  const seen = new Map();
  const visit = (name, fromDir, withDependencies = true) => {
    let manifestPath;
    try {
      manifestPath = createRequire(path.join(fromDir, 'noop.js')).resolve(`${name}/package.json`);
    } catch {
      return; // optional or platform-specific dependency that is not installed
    }
    const dir = path.dirname(manifestPath);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    const key = `${manifest.name}@${manifest.version}`;
    if (seen.has(key)) return;
    const licenseFile = readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
    seen.set(key, {
      name: manifest.name,
      version: manifest.version,
      license: typeof manifest.license === 'string' ? manifest.license : 'see licence text',
      text: licenseFile ? readFileSync(path.join(dir, licenseFile), 'utf8') : '',
    });
    if (!withDependencies) return;
    for (const dep of Object.keys(manifest.dependencies ?? {})) visit(dep, dir);
  };
  const own = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  for (const dep of Object.keys(own.dependencies ?? {})) visit(dep, root);
  // The Electron runtime ships in the app; its npm installer's dependencies do not.
  visit('electron', root, false);
  const all = [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
  mkdirSync(path.join(root, 'dist'), { recursive: true });
  writeFileSync(
    path.join(root, 'dist/licenses.json'),
    `${JSON.stringify(
      all.map(({ name, version, license }) => ({ name, version, license })),
      null,
      1,
    )}\n`,
  );
  const texts = all.map((l) => `${l.name} ${l.version} (${l.license})\n\n${l.text.trim()}\n`);
  const chromium = 'Electron bundles Chromium; its licences ship as LICENSES.chromium.html.\n';
  writeFileSync(path.join(root, 'dist/licenses.txt'), `${texts.join('\n---\n\n')}\n${chromium}`);
}

main().catch((err) => {
  console.error(`build: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
