import { test } from 'node:test';
import assert from 'node:assert/strict';
import { minimizeLbfgs } from '../../src/ensembling/lbfgs.js';

test('minimizeLbfgs finds the minimum of the Rosenbrock function', () => {
  const result = minimizeLbfgs(
    (x, gradient) => {
      const [a, b] = [x[0]!, x[1]!];
      gradient[0] = -2 * (1 - a) - 400 * a * (b - a * a);
      gradient[1] = 200 * (b - a * a);
      return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
    },
    Float64Array.of(-1.2, 1),
    { maxIterations: 1000, valueTolerance: 0 },
  );
  assert.ok(result.converged);
  assert.ok(Math.abs(result.x[0]! - 1) < 1e-4 && Math.abs(result.x[1]! - 1) < 1e-4, `x = ${Array.from(result.x)}`);
});

test('minimizeLbfgs solves an ill-conditioned quadratic', () => {
  const scales = [1, 10, 100, 1000];
  const result = minimizeLbfgs(
    (x, gradient) => {
      let value = 0;
      scales.forEach((scale, i) => {
        const offset = x[i]! - (i + 1);
        gradient[i] = scale * offset;
        value += 0.5 * scale * offset * offset;
      });
      return value;
    },
    new Float64Array(4),
    { valueTolerance: 0 },
  );
  result.x.forEach((value, i) => assert.ok(Math.abs(value - (i + 1)) < 1e-5, `x = ${Array.from(result.x)}`));
});
