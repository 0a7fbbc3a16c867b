import { createDispatcher } from '../../../src/main/ipc/dispatch';
import { createServices, type Services } from '../../../src/main/services/create-services';
import { FileSecretStore, plainCipher } from '../../../src/main/services/secret-store';
import type { WorkerLauncher } from '../../../src/main/services/worker-protocol';
import { createHandlers, type HostCapabilities } from '../../../src/main/services/handlers';
import { createGangwayApi } from '../../../src/shared/ipc-client';
import type { GangwayApi } from '../../../src/shared/ipc-schema';

/** The renderer's client wired straight to the main-side dispatcher: the whole schema path, no sockets. */
export function inMemoryApi(services: Services, host: Partial<HostCapabilities> = {}): GangwayApi {
  const dispatch = createDispatcher(
    createHandlers(services, {
      host: 'devhost',
      version: '0.0.0-test',
      launchAtLogin: false,
      ...host,
    }),
  );
  return createGangwayApi({
    invoke: (channel, payload) => dispatch(channel, payload),
    subscribe: (event, listener) =>
      services.events.subscribe((e, payload) => {
        if (e === event) listener(payload);
      }),
  });
}

const noSessions: WorkerLauncher = () => {
  throw new Error('no sessions in this test');
};

/** Every main-side service over a scratch directory, secrets in a plain file there. */
export function servicesIn(dataDir: string, launchWorker = noSessions): Services {
  return createServices({
    dataDir,
    secrets: FileSecretStore.inDir(dataDir, plainCipher),
    launchWorker,
  });
}
