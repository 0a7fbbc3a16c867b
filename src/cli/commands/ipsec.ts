import type { IpsecModel } from '../../core/ipsec/model';
import { formatView } from '../../core/ipsec/report';
import { loadSnapshot, saveSnapshot } from '../../core/ipsec/snapshot';
import { buildView } from '../../core/ipsec/view';
import { loadFromVici } from '../../core/ipsec/vici/source';
import { UsageError } from '../usage-error';
import type { Command } from './command';
import { parseCommandArgs } from './parse-command-args';
import { writeLine, writeText } from '../terminal';

const SOURCE_OPTIONS = {
  tencent: { type: 'boolean' },
  region: { type: 'string' },
  endpoint: { type: 'string' },
  vici: { type: 'string' },
  snapshot: { type: 'string' },
  json: { type: 'boolean' },
  out: { type: 'string' },
} as const;

const SOURCE_SYNOPSIS =
  '(--tencent --region R [--endpoint URL] | --vici unix:///path/charon.vici | --snapshot FILE)';

/** Exactly one source: the Tencent VPC API, a charon VICI socket, or a snapshot file. */
async function loadModel(
  values: Record<string, string | boolean | undefined>,
  sub: string,
): Promise<IpsecModel> {
  const chosen = (['tencent', 'vici', 'snapshot'] as const).filter(
    (k) => values[k] !== undefined && values[k] !== false,
  );
  if (chosen.length !== 1)
    throw new UsageError(`ipsec ${sub}: give exactly one source: ${SOURCE_SYNOPSIS}`);
  if (values.tencent) {
    if (typeof values.region !== 'string' || !values.region)
      throw new UsageError(`ipsec ${sub}: --tencent needs --region (e.g. ap-guangzhou)`);
    // Loaded on demand: the Tencent Cloud SDK alone costs ~60 ms of start-up, which every
    // other command (and `connect`'s time to tunnel up) would otherwise pay.
    const { credentialsFromEnv, loadFromTencent } = await import('../../core/ipsec/tencent/source');
    return loadFromTencent({
      region: values.region,
      ...(typeof values.endpoint === 'string' ? { endpoint: values.endpoint } : {}),
      credentials: credentialsFromEnv(),
    });
  }
  if (values.region !== undefined || values.endpoint !== undefined)
    throw new UsageError(`ipsec ${sub}: --region and --endpoint go with --tencent`);
  if (typeof values.vici === 'string') return loadFromVici(values.vici);
  return loadSnapshot(String(values.snapshot));
}

async function status(args: string[]): Promise<number> {
  const { values } = parseCommandArgs('ipsec status', args, SOURCE_OPTIONS, {
    min: 0,
    max: 0,
    names: 'no positional arguments',
  });
  if (values.out !== undefined)
    throw new UsageError('ipsec status: --out belongs to `gangway ipsec snapshot`');
  const view = buildView(await loadModel(values, 'status'));
  writeText('stdout', values.json ? `${JSON.stringify(view, null, 2)}\n` : formatView(view));
  return 0;
}

async function snapshot(args: string[]): Promise<number> {
  const { values } = parseCommandArgs('ipsec snapshot', args, SOURCE_OPTIONS, {
    min: 0,
    max: 0,
    names: 'no positional arguments',
  });
  if (typeof values.out !== 'string' || !values.out)
    throw new UsageError('ipsec snapshot: --out FILE is required');
  if (values.json)
    throw new UsageError('ipsec snapshot: the snapshot is JSON already; drop --json');
  const model = await loadModel(values, 'snapshot');
  await saveSnapshot(values.out, model);
  writeLine(
    'stdout',
    `wrote ${values.out}: ${model.gateways.length} gateway(s), ${model.tunnels.length} tunnel(s), ${model.routes.length} route(s)`,
  );
  return 0;
}

export const ipsecCommand: Command = {
  synopsis: `(status ${SOURCE_SYNOPSIS} [--json] | snapshot ${SOURCE_SYNOPSIS} --out FILE)`,
  summary:
    'IPsec sites: gateways, tunnels, routes with their roles, reachability and findings (Tencent credentials from TENCENTCLOUD_SECRET_ID/KEY)',
  async run(args) {
    const [sub, ...rest] = args;
    if (sub === 'status') return status(rest);
    if (sub === 'snapshot') return snapshot(rest);
    throw new UsageError(
      `ipsec: expected "status" or "snapshot", got ${sub ? `"${sub}"` : 'nothing'}`,
    );
  },
};
