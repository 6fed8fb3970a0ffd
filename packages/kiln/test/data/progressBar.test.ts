import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { createProgressBar } from '../../src/data/progressBar.js';

describe('createProgressBar', () => {
  it('writes the file name, the percentage and the megabytes received, even off a terminal', () => {
    const stream = new PassThrough();
    const chunks: string[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
    const bar = createProgressBar('cifar-10-binary.tar.gz', stream);
    bar.update({ fileName: 'cifar-10-binary.tar.gz', receivedBytes: 1_000_000, totalBytes: 4_000_000 });
    bar.update({ fileName: 'cifar-10-binary.tar.gz', receivedBytes: 4_000_000, totalBytes: 4_000_000 });
    bar.stop();
    const output = chunks.join('');
    assert.match(output, /cifar-10-binary\.tar\.gz \[/);
    assert.match(output, /100% \| 4\.0\/4\.0 MB/);
  });

  it('writes nothing when no progress was reported', () => {
    const stream = new PassThrough();
    let written = '';
    stream.on('data', (chunk: Buffer) => (written += chunk.toString()));
    createProgressBar('f', stream).stop();
    assert.equal(written, '');
  });
});
