/**
 * A tiny runtime validator combinator, so every IPC payload is checked at the process boundary
 * without a dependency. A validator returns a fresh copy holding only the keys it knows; unknown
 * keys are refused unless `allowExtra` is set (then they are dropped), so nothing unexpected
 * reaches a service or the renderer.
 */
import { ownValue } from './own-property';

export class ValidationError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
    this.name = 'ValidationError';
  }
}

export interface CheckContext {
  /** Drop unknown object keys instead of refusing them. */
  allowExtra: boolean;
}

export interface Validator<T> {
  /** Short human description, used in error messages. */
  readonly expected: string;
  /** Marks an object property that may be absent. */
  readonly optional?: boolean;
  check(value: unknown, path: string, ctx: CheckContext): T;
}

export type Infer<V> = V extends Validator<infer T> ? T : never;

const STRICT: CheckContext = { allowExtra: false };

/** Validates `value`, throwing ValidationError with a JSON-ish path to the first problem. */
export function parse<T>(
  validator: Validator<T>,
  value: unknown,
  label = 'payload',
  ctx: CheckContext = STRICT,
): T {
  return validator.check(value, label, ctx);
}

/**
 * A short, safe rendering of a wrong value: scalars as JSON (long strings cut), objects by kind.
 * JSON.stringify of the whole value would recurse through hostile nesting and copy megabytes.
 */
function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    return value.length > 40 ? `${JSON.stringify(value.slice(0, 40))}…` : JSON.stringify(value);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) {
    return JSON.stringify(value);
  }
  return Array.isArray(value) ? 'array' : typeof value;
}

function fail(path: string, expected: string, value: unknown): never {
  const got = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  throw new ValidationError(path, `expected ${expected}, got ${got}`);
}

export function string(
  opts: { min?: number; max?: number; pattern?: RegExp } = {},
): Validator<string> {
  const max = opts.max ?? 65_536;
  const expected = `string of ${opts.min ?? 0}..${max} characters`;
  return {
    expected,
    check(value, path) {
      if (typeof value !== 'string') fail(path, expected, value);
      if (value.length < (opts.min ?? 0) || value.length > max) {
        throw new ValidationError(path, `expected ${expected}, got ${value.length}`);
      }
      if (opts.pattern && !opts.pattern.test(value)) {
        throw new ValidationError(path, `does not match ${String(opts.pattern)}`);
      }
      return value;
    },
  };
}

export function number(
  opts: { min?: number; max?: number; integer?: boolean } = {},
): Validator<number> {
  const expected = `${opts.integer ? 'integer' : 'number'}${
    opts.min !== undefined || opts.max !== undefined
      ? ` in ${opts.min ?? '-inf'}..${opts.max ?? 'inf'}`
      : ''
  }`;
  return {
    expected,
    check(value, path) {
      if (typeof value !== 'number' || !Number.isFinite(value)) fail(path, expected, value);
      if (opts.integer && !Number.isInteger(value)) fail(path, expected, value);
      if (
        (opts.min !== undefined && value < opts.min) ||
        (opts.max !== undefined && value > opts.max)
      )
        throw new ValidationError(path, `expected ${expected}, got ${value}`);
      return value;
    },
  };
}

export const boolean: Validator<boolean> = {
  expected: 'boolean',
  check(value, path) {
    if (typeof value !== 'boolean') fail(path, 'boolean', value);
    return value;
  },
};

/** A request with no payload: undefined or null both mean "nothing". */
export const none: Validator<void> = {
  expected: 'no payload',
  check(value, path) {
    if (value !== undefined && value !== null) fail(path, 'no payload', value);
    return undefined;
  },
};

export function literal<const L extends readonly (string | number | boolean)[]>(
  ...values: L
): Validator<L[number]> {
  const expected = `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`;
  return {
    expected,
    check(value, path) {
      if (!values.includes(value as L[number])) {
        throw new ValidationError(path, `expected ${expected}, got ${describeValue(value)}`);
      }
      return value as L[number];
    },
  };
}

export function optional<T>(inner: Validator<T>): Validator<T | undefined> & { optional: true } {
  return {
    expected: `${inner.expected} or absent`,
    optional: true,
    check(value, path, ctx) {
      return value === undefined ? undefined : inner.check(value, path, ctx);
    },
  };
}

export function nullable<T>(inner: Validator<T>): Validator<T | null> {
  return {
    expected: `${inner.expected} or null`,
    check(value, path, ctx) {
      return value === null ? null : inner.check(value, path, ctx);
    },
  };
}

export function array<T>(item: Validator<T>, opts: { max?: number } = {}): Validator<T[]> {
  const max = opts.max ?? 10_000;
  const expected = `array of ${item.expected}`;
  return {
    expected,
    check(value, path, ctx) {
      if (!Array.isArray(value)) fail(path, expected, value);
      if (value.length > max) throw new ValidationError(path, `more than ${max} items`);
      return value.map((el, i) => item.check(el, `${path}[${i}]`, ctx));
    },
  };
}

/** String-keyed map with validated values (e.g. peer-info extras). */
export function record<T>(
  item: Validator<T>,
  opts: { max?: number } = {},
): Validator<Record<string, T>> {
  const max = opts.max ?? 1_000;
  return {
    expected: `map of ${item.expected}`,
    check(value, path, ctx) {
      if (!isPlainObject(value)) fail(path, 'object', value);
      const entries = Object.entries(value);
      if (entries.length > max) throw new ValidationError(path, `more than ${max} entries`);
      // fromEntries defines each key as own data: a key named `__proto__` stays a key.
      return Object.fromEntries(entries.map(([k, v]) => [k, item.check(v, `${path}.${k}`, ctx)]));
    },
  };
}

export function bytes(opts: { max?: number } = {}): Validator<Uint8Array> {
  const max = opts.max ?? 16 * 1024 * 1024;
  return {
    expected: `bytes (at most ${max})`,
    check(value, path) {
      if (!(value instanceof Uint8Array)) fail(path, 'bytes', value);
      if (value.length > max) throw new ValidationError(path, `more than ${max} bytes`);
      return value;
    },
  };
}

type Shape = Record<string, Validator<unknown>>;
type Simplify<T> = { [K in keyof T]: T[K] } & {};
type RequiredKeys<S extends Shape> = {
  [K in keyof S]: S[K] extends { optional: true } ? never : K;
}[keyof S];
type OptionalKeys<S extends Shape> = Exclude<keyof S, RequiredKeys<S>>;
export type InferShape<S extends Shape> = Simplify<
  { [K in RequiredKeys<S>]: Infer<S[K]> } & {
    [K in OptionalKeys<S>]?: Exclude<Infer<S[K]>, undefined>;
  }
>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function checkShape<S extends Shape>(
  shape: S,
  value: unknown,
  path: string,
  ctx: CheckContext,
  skipKey?: string,
): Record<string, unknown> {
  if (!isPlainObject(value)) fail(path, 'object', value);
  const out = new Map<string, unknown>();
  for (const key of Object.keys(value)) {
    if (key !== skipKey && !Object.hasOwn(shape, key) && !ctx.allowExtra) {
      throw new ValidationError(`${path}.${key}`, 'unexpected property');
    }
  }
  for (const [key, validator] of Object.entries(shape)) {
    const checked = validator.check(ownValue(value, key), `${path}.${key}`, ctx);
    if (checked !== undefined) out.set(key, checked);
  }
  return Object.fromEntries(out);
}

export function object<S extends Shape>(shape: S): Validator<InferShape<S>> {
  return {
    expected: 'object',
    check(value, path, ctx) {
      return checkShape(shape, value, path, ctx) as InferShape<S>;
    },
  };
}

type Variants<K extends string, M extends Record<string, Shape>> = {
  [T in keyof M & string]: Simplify<{ [P in K]: T } & InferShape<M[T]>>;
}[keyof M & string];

/** A discriminated union: `tagged('kind', { a: {...}, b: {...} })` → `{kind:'a',...} | {kind:'b',...}`. */
export function tagged<K extends string, M extends Record<string, Shape>>(
  key: K,
  variants: M,
): Validator<Variants<K, M>> {
  const tags = Object.keys(variants);
  const expected = `object with ${key} one of ${tags.join(', ')}`;
  return {
    expected,
    check(value, path, ctx) {
      if (!isPlainObject(value)) fail(path, expected, value);
      const tag = ownValue(value, key);
      const shape = typeof tag === 'string' ? ownValue(variants, tag) : undefined;
      if (typeof tag !== 'string' || shape === undefined) {
        throw new ValidationError(`${path}.${key}`, `expected one of ${tags.join(', ')}`);
      }
      return { [key]: tag, ...checkShape(shape, value, path, ctx, key) } as Variants<K, M>;
    },
  };
}
