import { beforeAll, expect, it } from 'vitest';
import { LAB_PROGRAMS, startLab, type Lab } from '../support/openvpn-lab';
import { describeWith } from '../support/prereqs';
import {
  buildCli,
  sha256,
  startClient,
  startTransferServer,
  systemSnapshot,
  transfer,
  transferBytes,
} from './interop-support';

// A stock openvpn 2.6 server that pushes options named after Object.prototype members. The
// stock client reports each as unrecognized and connects; so must we (these names once
// crashed `gangway connect` with a TypeError), warning about each and carrying traffic.

const MB1 = 1024 * 1024;
const ODD_NAMES = ['hasOwnProperty', '__proto__ x', 'constructor', 'toString 1 2'];

describeWith(
  { root: true, programs: LAB_PROGRAMS },
  'stock openvpn 2.6 pushing Object.prototype names',
  () => {
    beforeAll(buildCli, 120_000);

    it('connects, carries traffic and warns about each unknown pushed option', async () => {
      const lab: Lab = await startLab({ prefix: 'gwn', extraPush: ODD_NAMES });
      try {
        const before = await systemSnapshot(lab);
        await startTransferServer(lab, lab.addresses.privateHost, MB1);
        const client = startClient(lab);
        await client.waitFor('connected');

        const warnings = client.events.flatMap((e) =>
          e.type === 'log' && e.level === 'warn' ? [e.message] : [],
        );
        for (const option of ODD_NAMES) {
          expect(warnings).toContain(`ignored unknown pushed option "${option}"`);
        }
        expect(await lab.icmpPing(lab.addresses.privateHost)).toHaveLength(3);
        const down = await transfer(lab, lab.addresses.privateHost, MB1, 'D');
        expect(down.hash).toBe(sha256(transferBytes(MB1)));

        expect(await client.stop('SIGINT')).toBe(0);
        expect(client.states.at(-1)?.kind).toBe('disconnected');
        expect(client.states.some((s) => s.kind === 'failed')).toBe(false);
        expect(await systemSnapshot(lab)).toEqual(before);
      } finally {
        await lab.stop();
      }
    });
  },
);
