import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const packagesDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const sourceRoots = [join(packagesDir, 'kiln/src'), join(packagesDir, 'tfjs-backend-onednn/src')];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/**
 * Every file's relative imports, as TypeScript itself reads them: `import`, `import type`,
 * `export ... from` and `import()`; `./x.js` resolves to `./x.ts` as NodeNext does.
 */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceRoots.flatMap(sourceFiles)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    graph.set(
      file,
      importedFiles
        .map((imported) => imported.fileName)
        .filter((specifier) => specifier.startsWith('.'))
        .map((specifier) => resolve(dirname(file), specifier).replace(/\.js$/, '.ts')),
    );
  }
  return graph;
}

/** The strongly connected components of more than one file, or of a file importing itself (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(file, Math.min(low.get(file)!, index.get(next)!));
      }
    }
    if (low.get(file) === index.get(file)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== file);
      if (component.length > 1 || graph.get(file)!.includes(file)) found.push(component);
    }
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return found;
}

const show = (file: string): string => relative(packagesDir, file);

describe('architecture', () => {
  const graph = importGraph();

  test('reads the sources it checks', () => {
    assert.ok(graph.size > 100, `only ${graph.size} source files found under ${sourceRoots.join(', ')}`);
  });

  test('no file imports one that imports it back, directly or through others', () => {
    const found = cycles(graph).map((component) => component.map(show).sort().join(' <-> '));
    assert.deepEqual(found, [], `import cycles:\n${found.join('\n')}`);
  });

  test('tuning/ (the Optuna-like library) imports nothing from models/, training/, ensembling/ or the application', () => {
    const tuning = join(packagesDir, 'kiln/src/tuning/');
    const forbidden = ['models', 'training', 'ensembling', 'chapter', 'cli'].map((folder) =>
      join(packagesDir, 'kiln/src', folder, '/'),
    );
    const violations = [...graph]
      .filter(([file]) => file.startsWith(tuning))
      .flatMap(([file, imports]) =>
        imports
          .filter((target) => forbidden.some((folder) => target.startsWith(folder)))
          .map((target) => `${show(file)} imports ${show(target)}`),
      );
    assert.deepEqual(violations, []);
  });

  test('the libraries never import the application (chapter/, cli/)', () => {
    const application = ['chapter', 'cli'].map((folder) => join(packagesDir, 'kiln/src', folder, '/'));
    const entry = join(packagesDir, 'kiln/src/index.ts');
    const violations = [...graph]
      .filter(([file]) => file !== entry && !application.some((folder) => file.startsWith(folder)))
      .flatMap(([file, imports]) =>
        imports
          .filter((target) => application.some((folder) => target.startsWith(folder)))
          .map((target) => `${show(file)} imports ${show(target)}`),
      );
    assert.deepEqual(violations, []);
  });
});
