export interface Command {
  /** Arguments, as shown in usage. */
  synopsis: string;
  summary: string;
  /** Resolves to the process exit status. Throws GangwayError for expected failures. */
  run(args: string[]): Promise<number>;
}
