/**
 * A linear pre-scan of JSON text, before JSON.parse: V8 parses a 16 MiB run of "[[[[…" or of
 * "{},{},…" into millions of objects, which takes seconds, and anything that later walks the
 * result recursively overflows the stack on deep nesting. The scan counts containers and
 * values outside strings and tracks the nesting depth; it does not validate the JSON (JSON.parse
 * does that afterwards), so malformed text only has to be bounded, not understood.
 */

export interface JsonBounds {
  /** Deepest nesting of arrays and objects. */
  maxDepth: number;
  /** Most values (array items and object members, roughly: commas plus containers). */
  maxValues: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;
const COMMA = 0x2c;

/** What exceeds the bounds, as a phrase ("nested deeper than 64 levels"), or undefined. */
export function jsonBoundsProblem(text: string, bounds: JsonBounds): string | undefined {
  let depth = 0;
  let values = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
      continue;
    }
    if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      if (++depth > bounds.maxDepth) return `nested deeper than ${bounds.maxDepth} levels`;
      if (++values > bounds.maxValues) return `more than ${bounds.maxValues} values`;
    } else if (c === CLOSE_BRACKET || c === CLOSE_BRACE) {
      depth--;
    } else if (c === COMMA) {
      if (++values > bounds.maxValues) return `more than ${bounds.maxValues} values`;
    }
  }
  return undefined;
}
