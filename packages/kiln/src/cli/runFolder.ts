import { join } from 'node:path';

/** `runs/<name>-<UTC timestamp>`, the default output folder of commands that write results. */
export function defaultRunFolder(name: string): string {
  return join('runs', `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
}
