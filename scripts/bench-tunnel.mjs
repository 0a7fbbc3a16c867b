// npm run bench:tunnel — Gangway's client against the stock OpenVPN 2.6 client, on the same
// namespace lab (UDP, tls-crypt, AES-256-GCM), alternately A B A B. For each run: handshake
// time on the wire, process start to tunnel up, RTT through the tunnel, iperf3 throughput
// both ways, peak RSS. Prints a table of medians with gangway/openvpn ratios, then JSON.
// Needs root, openvpn, iperf3, tcpdump, nft (the lab) and a built CLI + helper (built here).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
// Round 0 runs each client once before the measured rounds and is left out of the medians: the
// first run after a build has a cold page cache and, for gangway, a cold V8 code cache (about
// twice the handshake time), which users see only on their first connect after an update. It
// is still printed and kept in the JSON. BENCH_WARMUP=0 skips it.
const WARMUP = process.env.BENCH_WARMUP !== '0';
const IPERF_SECONDS = Number(process.env.BENCH_IPERF_SECONDS ?? 5);
const PROGRAMS = ['/usr/sbin/openvpn', '/usr/bin/iperf3', '/usr/bin/tcpdump', '/usr/sbin/nft'];

function die(message) {
  console.error(`bench:tunnel: ${message}`);
  process.exit(1);
}

/** The lab is TypeScript (test/support); bundle it once for this script. */
async function loadLab(dir) {
  const outfile = path.join(dir, 'lab.cjs');
  await build({
    entryPoints: [path.join(ROOT, 'test/support/openvpn-lab.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    logLevel: 'warning',
  });
  const require = createRequire(import.meta.url);
  return require(outfile);
}

/** Minimal pcap reader (Ethernet, IPv4, UDP): [{ t (s), fromClient, clientPort, payload }] */
function readPcap(file, clientIp) {
  const buf = readFileSync(file);
  if (buf.length < 24) return [];
  const le = buf.readUInt32LE(0) === 0xa1b2c3d4;
  const nano = buf.readUInt32LE(0) === 0xa1b23c4d;
  const u32 = (o) => (le || nano ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  const packets = [];
  for (let off = 24; off + 16 <= buf.length;) {
    const t = u32(off) + u32(off + 4) / (nano ? 1e9 : 1e6);
    const caplen = u32(off + 8);
    const frame = buf.subarray(off + 16, off + 16 + caplen);
    off += 16 + caplen;
    if (frame.length < 14 + 20 + 8 || frame.readUInt16BE(12) !== 0x0800) continue;
    const ip = frame.subarray(14);
    if (ip[9] !== 17) continue;
    const ihl = (ip[0] & 0x0f) * 4;
    const src = [...ip.subarray(12, 16)].join('.');
    const udp = ip.subarray(ihl);
    const fromClient = src === clientIp;
    const clientPort = udp.readUInt16BE(fromClient ? 0 : 2);
    packets.push({ t, fromClient, clientPort, payload: udp.subarray(8) });
  }
  return packets;
}

/**
 * First client packet → first data-channel packet (P_DATA_V1/V2, opcode 6/9) of the same
 * client port, in ms. (The server may still be pinging the previous run's client port.)
 * A prober sends into the tunnel every 1 ms, so this is when the tunnel first carried data.
 */
function handshakeMs(packets) {
  const first = packets.find((p) => p.fromClient);
  const data = packets.find(
    (p) =>
      first &&
      p.clientPort === first.clientPort &&
      p.t >= first.t &&
      p.payload.length > 0 &&
      [6, 9].includes(p.payload[0] >> 3),
  );
  return first && data ? (data.t - first.t) * 1000 : NaN;
}

const OPCODE_NAMES = {
  1: 'CTRL_HARD_RESET_CLIENT_V1',
  3: 'CTRL_SOFT_RESET',
  4: 'CONTROL_V1',
  5: 'ACK_V1',
  6: 'DATA_V1',
  7: 'HARD_RESET_CLIENT_V2',
  8: 'HARD_RESET_SERVER_V2',
  9: 'DATA_V2',
  10: 'HARD_RESET_CLIENT_V3',
  11: 'CONTROL_WKC_V1',
};

/** BENCH_TIMELINE=1: each packet of the handshake, to see where the time goes. */
function printTimeline(kind, packets) {
  const first = packets.find((p) => p.fromClient);
  if (!first) return;
  const lines = [];
  for (const p of packets) {
    if (p.clientPort !== first.clientPort || p.t < first.t || !p.payload.length) continue;
    const op = p.payload[0] >> 3;
    lines.push(
      `${((p.t - first.t) * 1000).toFixed(2).padStart(8)} ms ${p.fromClient ? '→' : '←'} ` +
        `${OPCODE_NAMES[op] ?? op} ${p.payload.length} B`,
    );
    if (op === 6 || op === 9) break;
  }
  process.stderr.write(`${kind} handshake timeline:\n${lines.join('\n')}\n`);
}

const PROBER = `
const s = require('node:dgram').createSocket('udp4');
s.on('error', () => undefined);
const t = setInterval(() => s.send('gangway-bench', 9, process.argv[1], () => undefined), 1);
setTimeout(() => { clearInterval(t); s.close(); }, 60000);`;

function vmHwmKb(pid) {
  try {
    const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/);
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Peak RSS of a process plus its direct children (Gangway's helper), in MiB. */
function peakRssMb(pid) {
  let total = vmHwmKb(pid);
  for (const task of readdirSync(`/proc/${pid}/task`, { withFileTypes: false })) {
    const children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
    for (const c of children.split(/\s+/).filter(Boolean)) total += vmHwmKb(Number(c));
  }
  return total / 1024;
}

const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function waitUntil(probe, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = await probe();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

function startClient(lab, kind, log) {
  writeFileSync(log, '');
  const argv =
    kind === 'openvpn'
      ? ['/usr/sbin/openvpn', '--config', lab.clientProfilePath]
      : [
          process.execPath,
          ...(process.env.BENCH_NODE_OPTIONS ?? '').split(' ').filter(Boolean),
          path.join(ROOT, 'bin/gangway.cjs'),
          'connect',
          lab.clientProfilePath,
          '--json',
        ];
  const startedAt = performance.now();
  const child = lab.spawn('client', argv, log);
  const upPattern = kind === 'openvpn' ? /Initialization Sequence Completed/ : /"kind":"connected"/;
  const failPattern =
    kind === 'openvpn' ? /Exiting due to fatal error|AUTH_FAILED/ : /"kind":"failed"/;
  const up = waitUntil(
    () => {
      const text = readFileSync(log, 'utf8');
      if (failPattern.test(text) || child.exitCode !== null) {
        throw new Error(`${kind} client failed to connect; its log ends:\n${text.slice(-1500)}`);
      }
      return upPattern.test(text) && performance.now();
    },
    30_000,
    `the ${kind} client to connect (log ${log})`,
  );
  return { child, startedAt, up };
}

async function stop(child, signal) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(t);
}

/**
 * One iperf3 test through the tunnel. A fresh one-shot server (-1) per test: a long-lived one
 * stays "busy" for a while when the previous client's connection went away mid-test.
 */
async function iperf(lab, reverse, n) {
  const serverLog = path.join(lab.dir, `iperf-server-${n}-${reverse ? 'down' : 'up'}.log`);
  writeFileSync(serverLog, '');
  const server = lab.spawn(
    'server',
    ['/usr/bin/iperf3', '-s', '-1', '--forceflush', '-B', lab.addresses.serverTunnel],
    serverLog,
  );
  try {
    await waitUntil(
      () => /Server listening/.test(readFileSync(serverLog, 'utf8')),
      10_000,
      'the iperf3 server',
    );
    const argv = [
      '/usr/bin/iperf3',
      '-c',
      lab.addresses.serverTunnel,
      '-t',
      String(IPERF_SECONDS),
      '-J',
    ];
    if (reverse) argv.push('-R');
    const r = await lab.exec('client', argv, {
      timeoutMs: (IPERF_SECONDS + 20) * 1000,
      check: false,
    });
    try {
      return JSON.parse(r.stdout).end.sum_received.bits_per_second / 1e6;
    } catch {
      throw new Error(`iperf3 failed: ${r.stdout.slice(-500)}${r.stderr.slice(-500)}`);
    }
  } finally {
    await stop(server, 'SIGKILL');
  }
}

async function runOnce(lab, kind, n) {
  const pcap = path.join(lab.dir, `${kind}-${n}.pcap`);
  const dumpLog = path.join(lab.dir, `${kind}-${n}.tcpdump.log`);
  writeFileSync(dumpLog, '');
  const dump = lab.spawn(
    'client',
    [
      '/usr/bin/tcpdump',
      '-i',
      lab.vethName,
      '-n',
      '-U',
      '-w',
      pcap,
      'udp',
      'port',
      String(lab.port),
    ],
    dumpLog,
  );
  await waitUntil(() => /listening on/.test(readFileSync(dumpLog, 'utf8')), 10_000, 'tcpdump');
  // A datagram to the server's tunnel address every 1 ms (failing until the tunnel routes it):
  // the first one through marks the end of the handshake on the wire, the same for both clients.
  const prober = lab.spawn('client', [process.execPath, '-e', PROBER, lab.addresses.serverTunnel]);
  const client = startClient(lab, kind, path.join(lab.dir, `${kind}-${n}.log`));
  const upAt = await client.up;
  await new Promise((r) => setTimeout(r, 200));
  await stop(prober, 'SIGKILL');
  const rtts = await lab.ping(lab.addresses.serverTunnel, { count: 20, timeoutMs: 1000 });
  if (rtts.length === 0) throw new Error(`${kind}: nothing came back through the tunnel`);
  const upload = await iperf(lab, false, `${kind}-${n}`);
  const download = await iperf(lab, true, `${kind}-${n}`);
  const rss = peakRssMb(client.child.pid);
  await stop(client.child, kind === 'openvpn' ? 'SIGTERM' : 'SIGINT');
  await stop(dump, 'SIGINT');
  const packets = readPcap(pcap, lab.addresses.clientUnderlay);
  if (process.env.BENCH_TIMELINE) printTimeline(kind, packets);
  return {
    handshakeMs: handshakeMs(packets),
    startToUpMs: upAt - client.startedAt,
    rttMs: median(rtts),
    uploadMbps: upload,
    downloadMbps: download,
    peakRssMb: rss,
  };
}

async function main() {
  if (process.getuid?.() !== 0) die('needs root (it creates network namespaces)');
  const missing = PROGRAMS.filter((p) => !existsSync(p));
  if (missing.length) die(`missing programs: ${missing.join(', ')} (run node scripts/prereqs.mjs)`);
  const built = spawnSync(
    process.execPath,
    [path.join(ROOT, 'scripts/build.mjs'), 'cli', 'helper'],
    {
      stdio: 'inherit',
    },
  );
  if (built.status !== 0) die('building the CLI and the helper failed');
  if (!existsSync(path.join(ROOT, 'dist/cli/gangway.cjs')))
    die('the gangway CLI (src/cli/main.ts) did not build; `gangway connect` is needed');

  const dir = mkdtempSync(path.join(tmpdir(), 'gwl-bench-'));
  const { startLab } = await loadLab(dir);
  const lab = await startLab({
    prefix: process.env.BENCH_PREFIX ?? 'gwl',
    proto: 'udp',
    tlsWrap: 'tls-crypt',
    dataCiphers: ['AES-256-GCM'],
  });
  const results = { openvpn: [], gangway: [] };
  const warmUp = {};
  try {
    for (let round = WARMUP ? 0 : 1; round <= ROUNDS; round++) {
      for (const kind of ['openvpn', 'gangway']) {
        const label =
          round === 0 ? 'warm-up round, not in the medians' : `round ${round}/${ROUNDS}`;
        process.stderr.write(`bench:tunnel: ${label}: ${kind}...\n`);
        try {
          const result = await runOnce(lab, kind, round);
          if (round === 0) warmUp[kind] = result;
          else results[kind].push(result);
        } catch (err) {
          throw new Error(`${kind} run ${round} failed: ${err.message}`, { cause: err });
        }
      }
    }
  } finally {
    await lab.stop();
    rmSync(dir, { recursive: true, force: true });
  }

  const metrics = [
    ['uploadMbps', 'throughput up (Mbit/s)', 'higher is better'],
    ['downloadMbps', 'throughput down (Mbit/s)', 'higher is better'],
    ['handshakeMs', 'handshake on the wire (ms)', 'lower is better'],
    ['startToUpMs', 'process start to up (ms)', 'lower is better'],
    ['rttMs', 'RTT through tunnel (ms)', 'lower is better'],
    ['peakRssMb', 'peak RSS (MiB)', 'lower is better'],
  ];
  const summary = {};
  const rows = [['metric', 'openvpn', 'gangway', 'gangway/openvpn', '']];
  for (const [key, label, better] of metrics) {
    const o = median(results.openvpn.map((r) => r[key]));
    const g = median(results.gangway.map((r) => r[key]));
    summary[key] = { openvpn: o, gangway: g, ratio: g / o };
    rows.push([label, o.toFixed(2), g.toFixed(2), (g / o).toFixed(2), better]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i])).join('  '));
  if (warmUp.openvpn && warmUp.gangway) {
    console.log(
      `warm-up round (first run after the build, not in the medians): handshake ` +
        `openvpn ${warmUp.openvpn.handshakeMs.toFixed(2)} ms, gangway ${warmUp.gangway.handshakeMs.toFixed(2)} ms; ` +
        `start to up openvpn ${warmUp.openvpn.startToUpMs.toFixed(0)} ms, gangway ${warmUp.gangway.startToUpMs.toFixed(0)} ms`,
    );
  }
  console.log(
    JSON.stringify(
      {
        setup: {
          proto: 'udp',
          tlsWrap: 'tls-crypt',
          cipher: 'AES-256-GCM',
          rounds: ROUNDS,
          iperfSeconds: IPERF_SECONDS,
        },
        summary,
        runs: results,
        warmUp,
      },
      null,
      2,
    ),
  );
}

main().catch((err) => die(err instanceof Error ? (err.stack ?? err.message) : String(err)));
