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
import type { EventSink } from '../ipc/event-hub';
import { readJsonFile, SerialQueue, writeJsonFile } from './json-file';
import type { SecretStore } from './secret-store';

export interface SourceSecret {
  secretId: string;
  secretKey: string;
  endpoint?: string;
}

/** Where IPsec status comes from: the core sources (./ipsec-backend.ts), or a test stand-in. */
export interface IpsecBackend {
  status(source: AdminSourceView, secret: SourceSecret | undefined): Promise<AdminStatus>;
  initiate(source: AdminSourceView, tunnelId: string): Promise<void>;
  terminate(source: AdminSourceView, tunnelId: string): Promise<void>;
}

const sourcesFile = v.array(adminSourceView, { max: 1000 });
const secretKey = (id: string) => `admin-source:${id}`;

/** The admin view's sources: stored in admin-sources.json (0600), API secrets in the SecretStore. */
export class AdminService {
  private readonly queue = new SerialQueue();
  private readonly file: string;

  constructor(
    dataDir: string,
    private readonly secrets: SecretStore,
    private readonly backend: IpsecBackend,
    private readonly events?: EventSink,
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
          JSON.stringify({
            secretId: request.secretId,
            secretKey: request.secretKey,
            ...(request.endpoint ? { endpoint: request.endpoint } : {}),
          } satisfies SourceSecret),
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
    const text = await this.secrets.get(secretKey(sourceId));
    const secret = text ? (JSON.parse(text) as SourceSecret) : undefined;
    return this.backend.status(source, secret);
  }

  initiate(ref: TunnelRef): Promise<void> {
    return this.control('initiate', ref);
  }

  terminate(ref: TunnelRef): Promise<void> {
    return this.control('terminate', ref);
  }

  private async control(action: 'initiate' | 'terminate', ref: TunnelRef): Promise<void> {
    const source = await this.find(ref.sourceId);
    await this.backend[action](source, ref.tunnelId);
    await this.announce(ref.sourceId);
  }

  /** After a change, push the new status so every open admin view follows. */
  private async announce(sourceId: string): Promise<void> {
    if (!this.events) return;
    try {
      this.events.emit('admin.updated', await this.status(sourceId));
    } catch {
      // The action succeeded; the next refresh will show the state.
    }
  }

  private async find(sourceId: string): Promise<AdminSourceView> {
    const source = (await this.list()).find((s) => s.sourceId === sourceId);
    if (!source) {
      throw new GangwayError('bad-request', 'no such IPsec source', 'pick a source from the list');
    }
    return source;
  }
}
