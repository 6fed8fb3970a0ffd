import { join } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { startDashboard } from '../../dashboard/server.js';
import { kilnHome } from '../../data/index.js';
import { StorageOpenError, storageFromUrl } from '../../tuning/index.js';
import { UsageError } from '../usageError.js';
import { storageOption } from './study.js';

interface DashboardFlags {
  readonly storage?: string;
  readonly port: number;
  readonly host?: string;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError(`'${value}' is not a port (0-65535).`);
  return port;
}

/** `kiln dashboard`: the studies of a storage in the browser, read-only, on 127.0.0.1 unless told otherwise. */
export function registerDashboard(program: Command): void {
  program
    .command('dashboard')
    .description(
      'serve a live, read-only dashboard of the studies of --storage: trials table and study plots, updating while workers run',
    )
    .addOption(storageOption())
    .option('--port <n>', 'port to listen on (0: any free one)', parsePort, 8080)
    .option('--host <address>', 'address to listen on (default 127.0.0.1: this machine only)')
    .action(async (options: DashboardFlags) => {
      let storage;
      try {
        storage = await storageFromUrl(options.storage ?? `sqlite:${join(kilnHome(), 'studies.db')}`, {
          readOnly: true,
        });
      } catch (error) {
        if (error instanceof StorageOpenError) throw new UsageError(`--storage: ${error.message}`);
        throw error;
      }
      if (options.host !== undefined) {
        process.stderr.write(
          `warning: --host ${options.host}: the dashboard has no authentication; anyone who can reach this address can read every study\n`,
        );
      }
      const dashboard = await startDashboard(storage, { port: options.port, host: options.host ?? '127.0.0.1' });
      process.stdout.write(`kiln dashboard (read-only) at ${dashboard.url}\n`);
      await new Promise<void>((resolve) => {
        for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
      });
      await dashboard.close();
      await storage.close();
    });
}
