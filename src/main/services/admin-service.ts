import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { GangwayError } from '../../core/errors';
import type {
  AdminSourceAdd,
  AdminSourceView,
  AdminStatus,
  TunnelRef,
} from '../../shared/ipc-schema';
import { adminSourceView } from '../../shared/ipc-views';
import * as v from '../../shared/validate';
import { readJsonFile, SerialQueue, writeJsonFile } from './json-file';
import type { SecretStore } from './secret-store';

/**
 * Where IPsec status comes from, once the IPsec engineer's sources land in src/core/ipsec.
 * Until an adapter is wired, status and tunnel control answer "not available" (never fake data).
 */
export interface IpsecBackend {
  status(
    source: AdminSourceView,
    secret: { secretId: string; secretKey: string } | undefined,
  ): Promise<AdminStatus>;
  initiate(source: AdminSourceView, tunnelId: string): Promise<void>;
  terminate(source: AdminSourceView, tunnelId: string): Promise<void>;
}

const sourcesFile = v.array(adminSourceView, { max: 1000 });
const secretKey = (id: string) => `admin-source:${id}`;

function notAvailable(): never {
  throw new GangwayError(
    'not-available',
    'IPsec status is not available in this build yet',
    'use `gangway ipsec status` from the command line when it is available',
  );
}

/** The admin view's sources: stored in admin-sources.json (0600), API secrets in the SecretStore. */
export class AdminService {
  private readonly queue = new SerialQueue();
  private readonly file: string;

  constructor(
    dataDir: string,
    private readonly secrets: SecretStore,
    private readonly backend?: IpsecBackend,
  ) {
    this.file = path.join(dataDir, 'admin-sources.json');
  }

  async list(): Promise<AdminSourceView[]> {
    const raw = await readJsonFile(this.file);
    return raw === undefined ? [] : v.parse(sourcesFile, raw, 'admin-sources.json');
  }

  add(request: AdminSourceAdd): Promise<AdminSourceView> {
    return this.queue.run(async () => {
      const sources = await this.list();
      const source: AdminSourceView = {
        sourceId: randomUUID(),
        kind: request.kind,
        label: request.label,
        detail:
          request.kind === 'tencent'
            ? request.region
            : request.kind === 'vici'
              ? request.socketPath
              : request.path,
        addedAt: new Date().toISOString(),
      };
      if (request.kind === 'tencent') {
        await this.secrets.set(
          secretKey(source.sourceId),
          JSON.stringify({ secretId: request.secretId, secretKey: request.secretKey }),
        );
      }
      await writeJsonFile(this.file, [...sources, source]);
      return source;
    });
  }

  remove(sourceId: string): Promise<void> {
    return this.queue.run(async () => {
      const sources = await this.list();
      await writeJsonFile(
        this.file,
        sources.filter((s) => s.sourceId !== sourceId),
      );
      await this.secrets.delete(secretKey(sourceId));
    });
  }

  async status(sourceId: string): Promise<AdminStatus> {
    const source = await this.find(sourceId);
    if (!this.backend) notAvailable();
    const text = await this.secrets.get(secretKey(sourceId));
    const secret = text ? (JSON.parse(text) as { secretId: string; secretKey: string }) : undefined;
    return this.backend.status(source, secret);
  }

  async initiate(ref: TunnelRef): Promise<void> {
    const source = await this.find(ref.sourceId);
    if (!this.backend) notAvailable();
    await this.backend.initiate(source, ref.tunnelId);
  }

  async terminate(ref: TunnelRef): Promise<void> {
    const source = await this.find(ref.sourceId);
    if (!this.backend) notAvailable();
    await this.backend.terminate(source, ref.tunnelId);
  }

  private async find(sourceId: string): Promise<AdminSourceView> {
    const source = (await this.list()).find((s) => s.sourceId === sourceId);
    if (!source) {
      throw new GangwayError('bad-request', 'no such IPsec source', 'pick a source from the list');
    }
    return source;
  }
}
