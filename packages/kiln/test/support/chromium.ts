import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

const executablePath = '/usr/bin/chromium';

/**
 * Why the browser tests cannot run, or null when they can: they skip only where Debian's chromium
 * is missing outside CI (scripts/setup.sh --test installs it, so CI always runs them).
 */
export function chromiumSkipReason(): string | null {
  if (existsSync(executablePath)) return null;
  if (process.env.CI) throw new Error(`${executablePath} is missing under CI: scripts/setup.sh --test installs it`);
  return `${executablePath} is not installed (scripts/setup.sh --test installs it)`;
}

/** Headless Debian chromium with a fresh profile, no background networking; `close()` also removes the profile. */
export async function launchChromium(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = await mkdtemp(join(tmpdir(), 'kiln-chromium-'));
  // Playwright passes the profile folder to chromium as --user-data-dir.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
