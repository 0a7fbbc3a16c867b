import { describe, expect, it } from 'vitest';
import { EventHub } from '../../../src/main/ipc/event-hub';
import type { EventPayload } from '../../../src/shared/ipc-schema';

describe('event hub', () => {
  it('validates payloads, drops extras, and refuses what breaks the schema', () => {
    const problems: string[] = [];
    const hub = new EventHub((event) => problems.push(event));
    const got: unknown[] = [];
    hub.subscribe((event, payload) => got.push([event, payload]));
    hub.emit('credentials.closed', {
      requestId: 'r1',
      secret: 'x',
    } as EventPayload<'credentials.closed'>);
    hub.emit('credentials.closed', {
      requestId: 7,
    } as unknown as EventPayload<'credentials.closed'>);
    expect(got).toEqual([['credentials.closed', { requestId: 'r1' }]]);
    expect(problems).toEqual(['credentials.closed']);
  });

  it('a throwing subscriber does not starve the others', () => {
    const problems: unknown[] = [];
    const hub = new EventHub((_event, err) => problems.push(err));
    const got: unknown[] = [];
    hub.subscribe(() => {
      throw new Error('socket closed');
    });
    hub.subscribe((_e, p) => got.push(p));
    hub.emit('credentials.closed', { requestId: 'r1' });
    expect(got).toEqual([{ requestId: 'r1' }]);
    expect(problems).toHaveLength(1);
  });

  it('unsubscribe stops delivery', () => {
    const hub = new EventHub();
    const got: unknown[] = [];
    const off = hub.subscribe((_e, p) => got.push(p));
    off();
    hub.emit('credentials.closed', { requestId: 'r1' });
    expect(got).toEqual([]);
  });
});
