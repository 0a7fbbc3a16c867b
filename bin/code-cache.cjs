'use strict';
// Loads a CommonJS bundle through V8's code cache, as Node 22's module.enableCompileCache does
// (Node 20 has no such switch). Compiling the bundle's functions the first time they run costs
// about 6 ms in the middle of a handshake and tens of ms at start; with the bytecode cached from
// an earlier run of the same command, neither happens. The cache is written once per bundle,
// Node version and command, when that process exits, so that it holds what the command really
// ran. V8 checks the cache against the source and its own flags and falls back to compiling
// when they differ; a cache we did not write ourselves (another owner) is never read.
const crypto = require('node:crypto');
const fs = require('node:fs');
const Module = require('node:module');
const os = require('node:os');
const path = require('node:path');
const vm = require('node:vm');

function cacheDirectory() {
  if (process.env.GANGWAY_CODE_CACHE === 'off') return undefined;
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'gangway', 'code-cache');
}

function ownedByUs(file) {
  try {
    const st = fs.statSync(file);
    return typeof process.getuid !== 'function' || st.uid === process.getuid();
  } catch {
    return false;
  }
}

function readCache(file) {
  if (!ownedByUs(file)) return undefined;
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

function writeCache(dir, file, data) {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!ownedByUs(dir)) return;
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, data, { mode: 0o600 });
    fs.renameSync(temp, file);
    removeStale(dir, file);
  } catch {
    // A cache is an optimisation: a read-only or full disk only costs the next start time.
  }
}

/** Each update of Gangway or Node leaves the command's old cache behind; only the newest counts. */
function removeStale(dir, file) {
  const name = path.basename(file);
  const prefix = name.slice(0, name.lastIndexOf('-') + 1);
  for (const other of fs.readdirSync(dir)) {
    const key = other.slice(prefix.length);
    if (other !== name && other.startsWith(prefix) && /^[0-9a-f]{24}\.bin$/.test(key)) {
      fs.rmSync(path.join(dir, other), { force: true });
    }
  }
}

/** Runs `bundle` as the main module would; `command` names the cache (e.g. "connect"). */
function runBundleWithCodeCache(bundle, command) {
  const source = fs.readFileSync(bundle, 'utf8');
  const dir = cacheDirectory();
  const key = crypto
    .createHash('sha256')
    .update(source)
    .update(process.version)
    .update(process.arch)
    .digest('hex')
    .slice(0, 24);
  const safeCommand = /^[a-z][a-z-]{0,31}$/.test(command || '') ? command : 'default';
  const file = dir && path.join(dir, `${path.basename(bundle)}-${safeCommand}-${key}.bin`);
  const cachedData = file && readCache(file);

  const script = new vm.Script(Module.wrap(source), {
    filename: bundle,
    ...(cachedData ? { cachedData } : {}),
  });
  if (file && (!cachedData || script.cachedDataRejected)) {
    // process 'exit' runs for normal exits and process.exit(); only then is the cache worth it.
    process.once('exit', () => writeCache(dir, file, script.createCachedData()));
  }
  const bundleModule = new Module(bundle, module);
  bundleModule.filename = bundle;
  bundleModule.paths = Module._nodeModulePaths(path.dirname(bundle));
  bundleModule.loaded = true;
  const wrapper = script.runInThisContext();
  wrapper.call(
    bundleModule.exports,
    bundleModule.exports,
    Module.createRequire(bundle),
    bundleModule,
    bundle,
    path.dirname(bundle),
  );
}

module.exports = { runBundleWithCodeCache };
