/**
 * Reading a plain object by a name that came from outside (a config, a server, a file, the
 * wire) also finds what every object inherits: `toString`, `hasOwnProperty`, `constructor`,
 * `__proto__`. A table lookup must see only what the table itself holds, so lookups by an
 * untrusted name go through a Map or through this function. The unit test
 * test/unit/shared/name-lookups.test.ts finds any other lookup by a computed name in src/.
 */
export function ownValue<T>(table: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.hasOwn(table, name) ? table[name] : undefined;
}

/** `Object.hasOwn` for records: true only for what the record holds itself. */
export function hasOwnName(table: object, name: string): boolean {
  return Object.hasOwn(table, name);
}
