/**
 * Where the session engine can run: it needs a TUN helper, which exists for Linux only so far.
 * The session manager refuses to start a worker elsewhere, so the worker never has to invent a
 * state for it.
 */
const ENGINE_PLATFORMS: readonly NodeJS.Platform[] = ['linux'];

export function engineRunsOn(platform: NodeJS.Platform): boolean {
  return ENGINE_PLATFORMS.includes(platform);
}
