import { createRequire } from 'node:module';
import { hostname } from 'node:os';
import { version_core as tfjsVersion } from '@tensorflow/tfjs-core';

/** What was run, where and with which versions: recorded in every run folder and study so a report can say it. */
// A type alias (not an interface), so it is a JsonValue a study's user attribute can hold.
export type RunContext = {
  command: string[];
  versions: { kiln: string; node: string; tfjs: string };
  host: string;
  startedAt: string;
};

/** The study user attribute `kiln tune` records its latest run's context under. */
export const RUN_ATTR = 'run';

const kilnVersion = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

/** The context of this process's command, started `startedAt`. */
export function runContext(startedAt = new Date()): RunContext {
  return {
    command: ['kiln', ...process.argv.slice(2)],
    versions: { kiln: kilnVersion, node: process.version, tfjs: tfjsVersion },
    host: hostname(),
    startedAt: startedAt.toISOString(),
  };
}
