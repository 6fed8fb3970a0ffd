import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import * as kiln from '../src/index.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const entry = fileURLToPath(new URL('../src/index.js', import.meta.url));

/** Every name reachable from the package entry: `name` at the top, `namespace.name` inside one. */
function publicNames(): string[] {
  return Object.entries(kiln).flatMap(([name, value]) =>
    typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === null
      ? Object.keys(value).map((member) => `${name}.${member}`)
      : [name],
  );
}

describe('the public API', () => {
  test('reads like Keras and Optuna: the training calls, then one namespace per concern', () => {
    assert.deepEqual(Object.keys(kiln).sort(), [
      'callbacks',
      'datasets',
      'ensembling',
      'evaluate',
      'fit',
      'layers',
      'losses',
      'metrics',
      'mixedPrecision',
      'models',
      'optimizers',
      'predict',
      'recipes',
      'setupBackend',
      'tuning',
    ]);
    for (const name of [
      'datasets.loadCifar10',
      'layers.conv2d',
      'models.buildModel',
      'optimizers.createOptimizer',
      'callbacks.EarlyStopping',
      'metrics.accuracy',
      'tuning.createStudy',
      'tuning.TPESampler',
      'tuning.MedianPruner',
      'tuning.SqliteStorage',
      'ensembling.createEnsembler',
      'mixedPrecision.setGlobalPolicy',
      'mixedPrecision.globalPolicy',
    ])
      assert.ok(publicNames().includes(name), `${name} is missing`);
  });

  test('keeps internals internal', () => {
    const internals = ['writeFileAtomic', 'validateMatrix', 'validateMembers', 'spawnWorkers', 'trainModel'];
    const leaked = publicNames().filter((name) => internals.includes(name.replace(/^.*\./, '')));
    assert.deepEqual(leaked, []);
  });

  test("the README's TypeScript examples compile against it", async () => {
    const readme = await readFile(join(repoRoot, 'README.md'), 'utf8');
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);
    assert.ok(blocks.length >= 2, `found ${blocks.length} ts blocks in README.md`);
    // Inside the repository, so that an example's own imports (tfjs-layers) resolve as a user's would.
    const dir = await mkdtemp(join(repoRoot, 'node_modules', '.kiln-readme-'));
    try {
      const files = await Promise.all(
        blocks.map(async (block, index) => {
          assert.match(block, /from 'kiln';/, `README example ${index + 1} does not import from 'kiln'`);
          const file = join(dir, `example${index + 1}.mts`);
          await writeFile(file, block.replaceAll("from 'kiln';", `from ${JSON.stringify(entry)};`));
          return file;
        }),
      );
      const program = ts.createProgram(files, {
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        lib: ['lib.es2022.d.ts'],
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: ['node'],
        typeRoots: [join(repoRoot, 'node_modules/@types')],
        // The examples live in a temporary folder: the tfjs packages they import are the repository's.
        paths: { '@tensorflow/tfjs-layers': [join(repoRoot, 'node_modules/@tensorflow/tfjs-layers/dist/index.d.ts')] },
      });
      const errors = ts
        .getPreEmitDiagnostics(program)
        .filter((diagnostic) => diagnostic.file === undefined || files.includes(diagnostic.file.fileName))
        .map((diagnostic) => {
          const where = diagnostic.file?.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
          const line = where === undefined ? '' : ` line ${where.line + 1}`;
          return `${diagnostic.file?.fileName ?? ''}${line}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
        });
      assert.deepEqual(errors, []);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
