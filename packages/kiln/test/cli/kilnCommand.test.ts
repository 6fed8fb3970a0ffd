import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const packageRoot = fileURLToPath(new URL('../../', import.meta.url));
const repositoryRoot = resolve(packageRoot, '../..');
const manifest = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { bin: { kiln: string } };
const binTarget = resolve(packageRoot, manifest.bin.kiln);

// Run after the set-up (npm test runs scripts/setup.sh first), as the README's `npx kiln ...` lines are.
describe('the kiln command after the set-up', () => {
  test("package.json's bin is a file of the source tree, so npm can link it before the build", async () => {
    assert.ok(existsSync(binTarget), `${binTarget} does not exist`);
    assert.ok(!relative(packageRoot, binTarget).startsWith('dist'), `the bin ${manifest.bin.kiln} is built output`);
    const { stdout } = await run('git', ['ls-files', '--', binTarget], { cwd: repositoryRoot });
    assert.equal(
      stdout.trim(),
      relative(repositoryRoot, binTarget),
      'the bin file is tracked by git, so a clone has it',
    );
  });

  test('node_modules/.bin/kiln links to that file', () => {
    const link = join(repositoryRoot, 'node_modules', '.bin', 'kiln');
    assert.ok(existsSync(link), `${link} is missing: the set-up did not link the kiln command`);
    assert.equal(realpathSync(link), realpathSync(binTarget));
  });

  for (const command of [
    ['npx', '--no-install', 'kiln', '--help'],
    ['npm', 'exec', '--no', '--', 'kiln', '--help'],
  ]) {
    test(`\`${command.join(' ')}\` from the repository root runs the CLI`, async () => {
      const { stdout } = await run(command[0]!, command.slice(1), {
        cwd: repositoryRoot,
        env: { ...process.env, KILN_BACKEND: 'cpu' },
      });
      assert.match(stdout, /^Usage: kiln \[options\] \[command\]/);
      assert.match(stdout, /^ {2}tune /m);
    });
  }
});
