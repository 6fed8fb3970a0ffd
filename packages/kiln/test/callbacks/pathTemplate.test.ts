import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatPathTemplate } from '../../src/callbacks/pathTemplate.js';

test("formatPathTemplate fills {epoch} and metrics with Python's formats", () => {
  assert.equal(
    formatPathTemplate('ckpt/{epoch:02d}-{val_loss:.2f}-{acc}', { epoch: 3, val_loss: 0.12345, acc: 0.5 }),
    'ckpt/03-0.12-0.5',
  );
  assert.throws(
    () => formatPathTemplate('ckpt/{val_acc}', { epoch: 1, loss: 2 }),
    /names \{val_acc\}, which is not one of: epoch, loss/,
  );
  assert.throws(() => formatPathTemplate('{epoch:x}', { epoch: 1 }), /format 'x' of \{epoch\} is not supported/);
});
