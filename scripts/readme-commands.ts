// Runs every command line of README.md's ```sh (or bash, shell) blocks, as written, on tiny data,
// so the README cannot drift from the CLI: each line must exit 0, and each one that does not is
// reported with its README line number. Run by `npm test` after the set-up (it needs the build and
// the `kiln` link): `node --import tsx scripts/readme-commands.ts [README.md]`.
//
// How a README command gets tiny data: it runs in a scratch copy of the repository root (a folder
// of symbolic links to the repository's files, so what a command writes, such as runs/, stays in
// the scratch folder), whose `../shared/data/` holds tiny twins of the real data sets, under the
// same names as in /work/shared/data: `cifar-10-binary.tar.gz` (20 images per batch) and
// `fashion-mnist/` (the four IDX files, 200 training and 40 test images). So a README section that
// reads data names it by that path, for example
//     D=../shared/data/cifar-10-binary.tar.gz
//     npx kiln train regular --data $D --epochs 1
// and needs nothing else; `--limit`, `--epochs` and `--trials` as the README gives them work on the
// tiny data too (a limit above its size takes all of it). A new data set needs its tiny twin added
// to `writeTinySharedData` below. KILN_HOME points at a scratch folder (studies, downloads), and
// KILN_DATA is unset, so nothing reads the real data or the network.
//
// The lines of one README are run in order in one bash session, so variables (D=...) carry on to
// later lines and blocks, as in a reader's terminal. One command per line (a trailing `\` continues
// it); comment and blank lines are skipped. Not run, because they take minutes and are run by hand:
// `npm run chapter` and `npm test` (the set-up and the main commands; this script runs inside the
// latter) and `npm run bench`.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  fashionMnistFiles,
  packCifarFolder,
  writeCifarFolder,
  writeFiles,
} from '../packages/kiln/test/data/fixtures.js';

export interface ReadmeCommand {
  /** The README line the command starts on (1-based). */
  readonly line: number;
  readonly text: string;
}

const shellFence = /^\s*```\s*(sh|bash|shell)\s*$/;
const anyFence = /^\s*```/;
/** Too long to run here; run by hand (see the header). */
const notRun = /^npm\s+(test|run\s+(chapter|bench))(\s|$)/;

/** The command lines of the shell blocks of `markdown`, continuations joined, comments and blank lines left out. */
export function shellCommands(markdown: string): ReadmeCommand[] {
  const commands: ReadmeCommand[] = [];
  let inBlock = false;
  let pending: { line: number; parts: string[] } | null = null;
  markdown.split('\n').forEach((raw, index) => {
    if (!inBlock) {
      inBlock = shellFence.test(raw);
      return;
    }
    if (anyFence.test(raw)) {
      inBlock = false;
      pending = null;
      return;
    }
    const text = raw.trim();
    if (pending === null && (text === '' || text.startsWith('#'))) return;
    const current: { line: number; parts: string[] } = pending ?? { line: index + 1, parts: [] };
    if (text.endsWith('\\')) {
      current.parts.push(text.slice(0, -1).trimEnd());
      pending = current;
      return;
    }
    current.parts.push(text);
    commands.push({ line: current.line, text: current.parts.join(' ') });
    pending = null;
  });
  return commands;
}

/** Tiny twins of /work/shared/data's files, under the same names, in `folder`. */
async function writeTinySharedData(folder: string): Promise<void> {
  const cifar = join(folder, 'cifar-build');
  await writeCifarFolder(cifar, 20);
  await writeFile(join(folder, 'cifar-10-binary.tar.gz'), await readFile(await packCifarFolder(cifar)));
  await rm(cifar, { recursive: true, force: true });
  await writeFiles(join(folder, 'fashion-mnist'), fashionMnistFiles(200, 40));
}

/** `root`/kiln: links to every top-level entry of the repository but .git and runs/ (a command's output). */
async function scratchRepository(repository: string, root: string): Promise<string> {
  const copy = join(root, 'kiln');
  await mkdir(copy, { recursive: true });
  for (const entry of await readdir(repository)) {
    if (entry === '.git' || entry === 'runs') continue;
    await symlink(join(repository, entry), join(copy, entry));
  }
  return copy;
}

/** One bash script running `commands` in order, recording each failing one's line and status in `failures`. */
function bashScript(commands: readonly ReadmeCommand[], failures: string): string {
  const quote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;
  return commands
    .map(({ line, text }) => {
      const shown = `README.md:${line}: ${text}`;
      if (notRun.test(text)) return `printf '%s\\n' ${quote(`--- ${shown}  (not run here: see the header)`)}`;
      return [
        `printf '%s\\n' ${quote(`--- ${shown}`)}`,
        text,
        `status=$?; [ "$status" = 0 ] || printf '%s\\n' ${quote(shown)}" (exit $status)" >> ${quote(failures)}`,
      ].join('\n');
    })
    .join('\n');
}

async function main(): Promise<number> {
  const repository = resolve(fileURLToPath(new URL('..', import.meta.url)));
  const readme = resolve(process.argv[2] ?? join(repository, 'README.md'));
  const commands = shellCommands(await readFile(readme, 'utf8'));
  const scratch = await mkdtemp(join(tmpdir(), 'kiln-readme-'));
  try {
    await writeTinySharedData(join(scratch, 'shared', 'data'));
    const cwd = await scratchRepository(repository, scratch);
    const failures = join(scratch, 'failures.txt');
    await writeFile(failures, '');
    const env: NodeJS.ProcessEnv = { ...process.env, KILN_HOME: join(scratch, 'home') };
    delete env.KILN_DATA;
    const code = await new Promise<number>((done, fail) => {
      const bash = spawn('bash', ['-c', bashScript(commands, failures)], { cwd, env, stdio: 'inherit' });
      bash.on('error', fail);
      bash.on('close', (exit) => done(exit ?? 1));
    });
    const failed = (await readFile(failures, 'utf8')).split('\n').filter((line) => line !== '');
    if (code !== 0) failed.push(`the README's commands ended the shell with exit ${code}`);
    const ran = commands.filter(({ text }) => !notRun.test(text)).length;
    if (failed.length === 0) {
      process.stdout.write(`readme-commands: all ${ran} command lines of ${readme} exited 0 on tiny data\n`);
      return 0;
    }
    process.stderr.write(`readme-commands: ${failed.length} of ${ran} command lines failed:\n${failed.join('\n')}\n`);
    return 1;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main();
}
