#!/usr/bin/env node
// The `kiln` command. npm links a workspace's bins when it installs, before the TypeScript build,
// so the link must point at a file of the source tree; this one runs the built CLI.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write(
    `kiln: the CLI is not built (${fileURLToPath(cli)} is missing); run 'npm run build' (or 'bash scripts/setup.sh') at the repository root\n`,
  );
  process.exit(1);
}
await import(cli.href);
