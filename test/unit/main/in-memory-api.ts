import { createDispatcher } from '../../../src/main/ipc/dispatch';
import type { Services } from '../../../src/main/services/create-services';
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
