import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeFileAtomic } from '../../src/files/index.js';

describe('writeFileAtomic', () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'kiln-atomic-'));
  });
  after(() => rm(root, { recursive: true, force: true }));

  it('creates folders, replaces the file whole and leaves no temp file', async () => {
    const path = join(root, 'deep', 'results.json');
    await writeFileAtomic(path, 'first');
    await writeFileAtomic(path, 'second');
    assert.equal(await readFile(path, 'utf8'), 'second');
    assert.deepEqual(await readdir(join(root, 'deep')), ['results.json']);
  });

  it('writes bytes, and chunks of bytes one after another', async () => {
    const bytes = join(root, 'bytes.bin');
    await writeFileAtomic(bytes, Uint8Array.of(1, 2, 3));
    assert.deepEqual([...(await readFile(bytes))], [1, 2, 3]);
    const chunks = join(root, 'chunks.bin');
    await writeFileAtomic(chunks, [Uint8Array.of(1, 2), Uint8Array.of(), Buffer.from('AB')]);
    assert.deepEqual([...(await readFile(chunks))], [1, 2, 65, 66]);
  });

  it('leaves the previous file and no temp file when the write fails', async () => {
    const path = join(root, 'kept.txt');
    await writeFileAtomic(path, 'previous');
    // A chunk that is not bytes makes the write throw after the temp file was opened.
    const notBytes = 42 as unknown as Uint8Array;
    await assert.rejects(writeFileAtomic(path, [Buffer.from('half'), notBytes]));
    assert.equal(await readFile(path, 'utf8'), 'previous');
    assert.deepEqual(
      (await readdir(root)).filter((name) => name.includes('kept')),
      ['kept.txt'],
    );
  });
});
