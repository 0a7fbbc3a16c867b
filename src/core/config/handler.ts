import { ConfigError } from '../errors';
import type { Draft } from './draft';
import type { Profile } from './profile';
import type { SourceTree } from './source-tree';

/** What a directive handler can see and do while the config is read. */
export interface HandlerContext {
  readonly draft: Draft;
  readonly tree: SourceTree;
  readonly name: string;
  readonly line: number;
  warn(message: string): void;
  fail(message: string): never;
}

export interface DirectiveHandler {
  /** Argument count limits (after the directive name). */
  min: number;
  max: number;
  run(args: string[], ctx: HandlerContext): void;
}

export type HandlerTable = Record<string, DirectiveHandler>;

export function makeContext(
  draft: Draft,
  tree: SourceTree,
  name: string,
  line: number,
  warnings: string[],
): HandlerContext {
  const where = `${tree.configLabel}:${line}`;
  return {
    draft,
    tree,
    name,
    line,
    warn: (message) => warnings.push(`${where}: ${message}`),
    fail: (message) => {
      throw new ConfigError({ file: tree.configLabel, line }, message);
    },
  };
}

/** Whole number in [min, max], or a clear error naming the directive. */
export function intArg(
  ctx: HandlerContext,
  value: string | undefined,
  min: number,
  max: number,
): number {
  if (value === undefined || !/^\d+$/.test(value)) {
    return ctx.fail(`${ctx.name}: "${value ?? ''}" is not a whole number`);
  }
  const n = Number(value);
  if (n < min || n > max) ctx.fail(`${ctx.name}: ${n} is out of range (${min} to ${max})`);
  return n;
}

/** Profile fields whose value is exactly of type T (optional or not). */
type FieldOf<T> = {
  [K in keyof Profile]-?: [NonNullable<Profile[K]>] extends [T]
    ? [T] extends [NonNullable<Profile[K]>]
      ? K
      : never
    : never;
}[keyof Profile];

/** `directive N`: one whole number in [min, max] stored in one profile field. */
export function intField(field: FieldOf<number>, min: number, max: number): DirectiveHandler {
  return {
    min: 1,
    max: 1,
    run: ([value], ctx) => {
      ctx.draft.fields[field] = intArg(ctx, value, min, max);
    },
  };
}

/** `directive TEXT`: the argument stored as it is in one profile field. */
export function textField(field: FieldOf<string>): DirectiveHandler {
  return {
    min: 1,
    max: 1,
    run: ([value = ''], ctx) => {
      ctx.draft.fields[field] = value;
    },
  };
}

/** `directive` alone: turns one profile field on. */
export function flagField(field: FieldOf<boolean>): DirectiveHandler {
  return {
    min: 0,
    max: 0,
    run: (_args, ctx) => {
      ctx.draft.fields[field] = true;
    },
  };
}

export function oneOf<T extends string>(
  ctx: HandlerContext,
  value: string | undefined,
  allowed: readonly T[],
): T {
  const found = allowed.find((a) => a === value?.toLowerCase());
  if (found === undefined) {
    ctx.fail(`${ctx.name}: "${value ?? ''}" is not one of ${allowed.join(', ')}`);
  }
  return found as T;
}

export function checkArity(handler: DirectiveHandler, args: string[], ctx: HandlerContext): void {
  if (args.length >= handler.min && args.length <= handler.max) return;
  const want =
    handler.min === handler.max
      ? `${handler.min} argument${handler.min === 1 ? '' : 's'}`
      : handler.max === Infinity
        ? `at least ${handler.min} argument${handler.min === 1 ? '' : 's'}`
        : `${handler.min} to ${handler.max} arguments`;
  ctx.fail(`${ctx.name} takes ${want}, got ${args.length}`);
}
