/**
 * Errors are part of the contract: every failure a user can meet is a GangwayError with a
 * stable code and a message that says what to do, never a bare library error.
 */
export class GangwayError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'GangwayError';
  }
}

/** Where in a config (file, or zip entry, and 1-based line) a problem was found. */
export interface SourceLocation {
  file: string;
  line?: number;
}

export class ConfigError extends GangwayError {
  constructor(
    readonly location: SourceLocation,
    message: string,
    hint?: string,
  ) {
    super('config-invalid', message, hint);
    this.name = 'ConfigError';
  }

  /** The one-line form the CLI prints: `PATH:LINE: message`. */
  override toString(): string {
    const where = this.location.line
      ? `${this.location.file}:${this.location.line}`
      : this.location.file;
    return `${where}: ${this.message}`;
  }
}

export function describeError(err: unknown): string {
  if (err instanceof ConfigError) return err.toString();
  if (err instanceof Error) return err.message;
  return String(err);
}
