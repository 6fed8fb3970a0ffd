import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CosineDecay, ExponentialDecay, OneCycle, StepDecay } from '../../../src/optimizers/index.js';

const close = (actual: number, expected: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);

test('ExponentialDecay: 0.1 · 0.5^(step/10), or in whole periods with staircase', () => {
  const smooth = new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 });
  close(smooth.call(0), 0.1, 'step 0');
  close(smooth.call(5), 0.1 * Math.SQRT1_2, 'step 5');
  close(smooth.call(20), 0.025, 'step 20');
  const stairs = new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5, staircase: true });
  close(stairs.call(15), 0.05, 'staircase step 15');
});

test('StepDecay: 0.1 until step 3, then 0.01 until step 6, then 0.001', () => {
  const schedule = new StepDecay({ initialLearningRate: 0.1, stepSize: 3 });
  close(schedule.call(2), 0.1, 'step 2');
  close(schedule.call(3), 0.01, 'step 3');
  close(schedule.call(7), 0.001, 'step 7');
});

test('CosineDecay warms up linearly to the target, then follows the half cosine to alpha', () => {
  const schedule = new CosineDecay({ initialLearningRate: 0, decaySteps: 100, warmupSteps: 10, warmupTarget: 0.1 });
  close(schedule.call(0), 0, 'step 0');
  close(schedule.call(5), 0.05, 'half-way through the warm-up');
  close(schedule.call(10), 0.1, 'end of warm-up');
  close(schedule.call(60), 0.05, 'half-way through the decay: cos(π/2) = 0');
  close(schedule.call(110), 0, 'end of decay');
  close(schedule.call(500), 0, 'held after');
  const floored = new CosineDecay({ initialLearningRate: 0.1, decaySteps: 100, alpha: 0.1 });
  close(floored.call(0), 0.1, 'no warm-up: starts at the initial rate');
  close(floored.call(100), 0.01, 'floor: alpha × initial');
  assert.throws(() => new CosineDecay({ initialLearningRate: 0, decaySteps: 10, warmupSteps: 5 }), /warmupTarget/);
});

test('OneCycle rises from max/25 to max along a half cosine, then falls to max/25/1e4', () => {
  // 10 steps, half rising: the peak is at step 0.5 · 10 − 1 = 4, the end at step 9.
  const schedule = new OneCycle({ maxLearningRate: 1, totalSteps: 10, pctStart: 0.5 });
  close(schedule.call(0), 0.04, 'start');
  close(schedule.call(2), 0.52, 'half-way up: 1 − 0.96/2');
  close(schedule.call(4), 1, 'peak');
  // step 6 is 2/5 of the way down: 4e-6 + (1 − 4e-6) · (1 + cos(0.4π)) / 2
  close(schedule.call(6), 0.6545098792, 'step 6');
  close(schedule.call(9), 4e-6, 'end');
  close(schedule.call(20), 4e-6, 'held after');
});

test('schedules refuse bad arguments and steps with messages that say what they got', () => {
  assert.throws(
    () => new StepDecay({ initialLearningRate: 0.1, stepSize: 0 }),
    /stepSize must be a positive integer, got 0/,
  );
  assert.throws(() => new OneCycle({ maxLearningRate: 1, totalSteps: 1 }), /totalSteps must be an integer ≥ 2, got 1/);
  assert.throws(
    () => new StepDecay({ initialLearningRate: 0.1, stepSize: 2 }).call(-1),
    /step must be an integer ≥ 0, got -1/,
  );
});
