import os from 'node:os';
import path from 'node:path';

/** Where Gangway keeps its data: $GANGWAY_HOME, else $XDG_DATA_HOME/gangway, else ~/.local/share/gangway. */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.GANGWAY_HOME) return path.resolve(env.GANGWAY_HOME);
  if (env.XDG_DATA_HOME) return path.resolve(env.XDG_DATA_HOME, 'gangway');
  return path.join(os.homedir(), '.local', 'share', 'gangway');
}

export function profilesDir(root: string): string {
  return path.join(root, 'profiles');
}
