import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, test } from 'node:test';
import { formatTuningStatus, TuningProgress } from '../../src/cli/tuningProgress.js';
import type { FrozenTrial, TrialState } from '../../src/tuning/index.js';
import { frozenTrial } from '../tuning/frozenTrialFixture.js';

function trial(number: number, state: TrialState, value: number | null = null): FrozenTrial {
  return frozenTrial({ number, state, value });
}

const trials = [
  trial(0, 'COMPLETE', 0.5),
  trial(1, 'PRUNED'),
  trial(2, 'FAIL'),
  trial(3, 'COMPLETE', 0.7),
  trial(4, 'RUNNING'),
];

/** A stream that says it is a terminal (or not), collecting what is written. */
function stream(isTTY: boolean): PassThrough & { isTTY: boolean; text: () => string } {
  const chunks: string[] = [];
  const output = Object.assign(new PassThrough(), { isTTY, text: () => chunks.join('') });
  output.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  return output;
}

let savedCi: string | undefined;
beforeEach(() => {
  savedCi = process.env.CI;
  delete process.env.CI;
});
afterEach(() => {
  if (savedCi === undefined) delete process.env.CI;
  else process.env.CI = savedCi;
});

test('the status counts trials by state, names the best of the direction and estimates the time left', () => {
  assert.equal(
    formatTuningStatus(trials, 'maximize', 10, 60, 0),
    'trials 3/10 · 2 complete · 1 pruned · 1 failed · 1 running · best 0.7000 (#3) · ETA 2m20s',
  );
  assert.match(formatTuningStatus(trials, 'minimize', 10, 60, 0), /best 0\.5000 \(#0\)/);
  assert.doesNotMatch(formatTuningStatus(trials, 'maximize', 3, 60, 0), /ETA/, 'no ETA once the target is reached');
  assert.doesNotMatch(formatTuningStatus([trial(0, 'RUNNING')], 'maximize', 3, 5, 0), /best|ETA/);
});

test('on a terminal the status line is redrawn under the trial lines and removed at the end', async () => {
  const [stdout, stderr] = [stream(true), stream(true)];
  const progress = new TuningProgress(10, 0, stdout, stderr);
  progress.trialEnded('trial 0 COMPLETE\n', async () => trials.slice(0, 1), 'maximize');
  progress.trialEnded('trial 1 PRUNED\n', async () => trials.slice(0, 2), 'maximize');
  await progress.finish();
  assert.equal(stdout.text(), 'trial 0 COMPLETE\ntrial 1 PRUNED\n');
  const statuses = stderr.text().split('\r\x1b[K');
  assert.equal(statuses.length, 3, 'two statuses, each cleared');
  assert.match(statuses[0]!, /^trials 1\/10 · 1 complete · 0 pruned/);
  assert.match(statuses[1]!, /^trials 2\/10 · 1 complete · 1 pruned/);
  assert.equal(statuses[2], '');
});

test('in a pipe, and in CI even on a terminal, only the trial lines are printed and the study is not read', async () => {
  for (const [isTTY, ci] of [
    [false, undefined],
    [true, 'true'],
  ] as const) {
    if (ci) process.env.CI = ci;
    const [stdout, stderr] = [stream(isTTY), stream(isTTY)];
    const progress = new TuningProgress(10, 0, stdout, stderr);
    progress.trialEnded(
      'trial 0 COMPLETE\n',
      async () => assert.fail('the study is read only for the status line'),
      'maximize',
    );
    await progress.finish();
    assert.equal(stdout.text(), 'trial 0 COMPLETE\n');
    assert.equal(stderr.text(), '');
  }
});
