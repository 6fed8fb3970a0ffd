import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const native = fileURLToPath(new URL('../native/', import.meta.url));
const collision = fileURLToPath(new URL('./primitiveCacheCollision.cc', import.meta.url));

describe('the primitive cache', () => {
  // The cache is C++ only, so this compiles a small program against it (as the addon's build does).
  it(
    'keeps entries of two types under one key string apart, so none is cast to the wrong type',
    {
      skip: !existsSync('/usr/include/oneapi/dnnl/dnnl.hpp') && "oneDNN's headers are not installed",
      timeout: 180_000,
    },
    async () => {
      const folder = await mkdtemp(join(tmpdir(), 'onednn-cache-'));
      try {
        const program = join(folder, 'collision');
        await run('g++', [
          '-std=c++17',
          '-O0',
          '-I',
          native,
          '-I',
          '/usr/include/oneapi',
          collision,
          join(native, 'primitive_cache.cc'),
          '-ldnnl',
          '-o',
          program,
        ]);
        const { stdout } = await run(program);
        assert.deepEqual(JSON.parse(stdout), {
          madeLarge: true,
          largeLast: 1.5,
          smallAgain: 7,
          sameSmall: true,
          entries: 2,
        });
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    },
  );
});
