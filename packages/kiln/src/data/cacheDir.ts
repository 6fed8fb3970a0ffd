import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** Kiln's home folder: `KILN_HOME`, else `~/.kiln`. */
export function kilnHome(): string {
  const fromEnv = process.env.KILN_HOME;
  return fromEnv ? resolve(fromEnv) : join(homedir(), '.kiln');
}

/** Where downloaded datasets are kept: `cacheDir` if given, else `<kilnHome>/datasets`. */
export function datasetCacheDir(cacheDir?: string): string {
  return cacheDir ? resolve(cacheDir) : join(kilnHome(), 'datasets');
}
