import { describe, expect, it } from 'vitest';
import * as v from '../../../src/shared/validate';
import { decodeWire, encodeWire } from '../../../src/shared/wire-json';

/** Issue 12: deeply nested JSON from a peer must not overflow the stack (RangeError). */

const DEPTH = 200_000;
const nested = (inner: string): string => `${'['.repeat(DEPTH)}${inner}${']'.repeat(DEPTH)}`;

describe('dev host wire JSON', () => {
  it('decodes a message nested 200 000 deep, bytes at the bottom included', () => {
    let value = decodeWire(nested('{"$bytes":"AQID"}'));
    for (let depth = 0; depth < DEPTH; depth++) value = (value as unknown[])[0];
    expect(value).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('keeps a "__proto__" key an own property', () => {
    const value = decodeWire('{"__proto__":{"$bytes":"AQ=="},"x":1}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toEqual(new Uint8Array([1]));
  });

  it('round-trips bytes and lookalike text', () => {
    const message = { a: [new Uint8Array([0, 255])], b: { $bytes: 1 }, c: '{"$bytes":"AA=="}' };
    expect(decodeWire(encodeWire(message))).toEqual(message);
  });
});

describe('validation errors for hostile values', () => {
  it('a deeply nested value where a literal belongs is a short ValidationError', () => {
    const validator = v.object({ kind: v.literal('a', 'b') });
    const hostile = { kind: JSON.parse(nested('1')) as unknown };
    expect(() => v.parse(validator, hostile)).toThrow(
      new v.ValidationError('payload.kind', 'expected one of "a", "b", got array'),
    );
  });

  it('a 1 MB string where a literal belongs is cut in the message', () => {
    const validator = v.literal('a');
    expect(() => v.parse(validator, 'x'.repeat(1 << 20))).toThrow(
      `payload: expected one of "a", got "${'x'.repeat(40)}"…`,
    );
  });
});
