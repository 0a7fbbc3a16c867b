import { describe, expect, it } from 'vitest';
import * as v from '../../../src/shared/validate';

describe('validator combinators', () => {
  const user = v.object({
    name: v.string({ min: 1, max: 8 }),
    age: v.optional(v.number({ integer: true, min: 0 })),
    tags: v.array(v.literal('a', 'b'), { max: 2 }),
  });

  it('accepts a good value and returns a copy holding only known keys', () => {
    const input = { name: 'ann', tags: ['a'] };
    const out = v.parse(user, input);
    expect(out).toEqual({ name: 'ann', tags: ['a'] });
    expect(out).not.toBe(input);
  });

  it.each([
    [{ name: '', tags: [] }, 'payload.name'],
    [{ name: 'toolongname', tags: [] }, 'payload.name'],
    [{ name: 'a', tags: ['c'] }, 'payload.tags[0]'],
    [{ name: 'a', tags: ['a', 'b', 'a'] }, 'payload.tags'],
    [{ name: 'a', tags: [], age: 1.5 }, 'payload.age'],
    [{ name: 'a', tags: [], age: -1 }, 'payload.age'],
    [{ name: 'a', tags: [], extra: 1 }, 'payload.extra'],
    [{ tags: [] }, 'payload.name'],
    [null, 'payload'],
    [[], 'payload'],
    ['x', 'payload'],
  ])('refuses %j at %s', (value, path) => {
    expect(() => v.parse(user, value)).toThrow(v.ValidationError);
    try {
      v.parse(user, value);
    } catch (err) {
      expect((err as v.ValidationError).path).toBe(path);
    }
  });

  it('drops unknown keys instead of refusing them when allowExtra is set', () => {
    expect(v.parse(user, { name: 'a', tags: [], extra: 1 }, 'x', { allowExtra: true })).toEqual({
      name: 'a',
      tags: [],
    });
  });

  it('refuses objects with a foreign prototype (class instances, Maps)', () => {
    expect(() => v.parse(user, new Map())).toThrow(v.ValidationError);
    class Fake {
      name = 'a';
      tags = [];
    }
    expect(() => v.parse(user, new Fake())).toThrow(v.ValidationError);
  });

  it('tagged unions check the discriminant and the variant shape', () => {
    const shape = v.tagged('kind', { a: { x: v.number() }, b: {} });
    expect(v.parse(shape, { kind: 'a', x: 1 })).toEqual({ kind: 'a', x: 1 });
    expect(v.parse(shape, { kind: 'b' })).toEqual({ kind: 'b' });
    expect(() => v.parse(shape, { kind: 'c' })).toThrow(/payload.kind/);
    expect(() => v.parse(shape, { kind: 'a' })).toThrow(/payload.x/);
    expect(() => v.parse(shape, { kind: 'b', x: 1 })).toThrow(/unexpected property/);
    expect(() => v.parse(shape, { kind: '__proto__' })).toThrow(v.ValidationError);
  });

  it('numbers must be finite', () => {
    expect(() => v.parse(v.number(), Number.NaN)).toThrow(v.ValidationError);
    expect(() => v.parse(v.number(), Infinity)).toThrow(v.ValidationError);
    expect(() => v.parse(v.number(), '1')).toThrow(v.ValidationError);
  });

  it('bytes accept Uint8Array (and Buffer) up to the limit only', () => {
    expect(v.parse(v.bytes({ max: 2 }), new Uint8Array(2))).toHaveLength(2);
    expect(v.parse(v.bytes({ max: 2 }), Buffer.from('ab'))).toHaveLength(2);
    expect(() => v.parse(v.bytes({ max: 2 }), new Uint8Array(3))).toThrow(/more than 2 bytes/);
    expect(() => v.parse(v.bytes(), [1, 2])).toThrow(v.ValidationError);
  });

  it('none accepts only an absent payload', () => {
    expect(v.parse(v.none, undefined)).toBeUndefined();
    expect(v.parse(v.none, null)).toBeUndefined();
    expect(() => v.parse(v.none, {})).toThrow(v.ValidationError);
  });
});
