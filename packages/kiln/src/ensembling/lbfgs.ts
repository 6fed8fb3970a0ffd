/** Writes the gradient at `x` into `gradient` and returns the objective's value there. */
export type DifferentiableObjective = (x: Float64Array, gradient: Float64Array) => number;

export interface LbfgsOptions {
  /** Iteration cap. */
  readonly maxIterations?: number;
  /** How many past steps approximate the inverse Hessian. */
  readonly memory?: number;
  /** Stops once the largest gradient component is below this. */
  readonly gradientTolerance?: number;
  /** Stops once an iteration improves the value by less than this, relatively. */
  readonly valueTolerance?: number;
}

export interface LbfgsResult {
  readonly x: Float64Array;
  readonly value: number;
  readonly iterations: number;
  /** True when a tolerance was met, false when the iteration cap or a failed line search ended it. */
  readonly converged: boolean;
}

/**
 * Minimizes a smooth objective with limited-memory BFGS (Nocedal & Wright, algorithm 7.4) and a
 * backtracking Armijo line search. Used for the stacker's softmax regression, which is convex,
 * so any minimum it finds is the global one.
 */
export function minimizeLbfgs(
  objective: DifferentiableObjective,
  x0: Float64Array,
  options: LbfgsOptions = {},
): LbfgsResult {
  const { maxIterations = 500, memory = 10, gradientTolerance = 1e-6, valueTolerance = 1e-12 } = options;
  const size = x0.length;
  let x = Float64Array.from(x0);
  let gradient = new Float64Array(size);
  let value = objective(x, gradient);
  const steps: Float64Array[] = [];
  const gradientChanges: Float64Array[] = [];
  const curvatures: number[] = [];
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    if (maxAbs(gradient) < gradientTolerance) return { x, value, iterations: iteration, converged: true };
    const direction = searchDirection(gradient, steps, gradientChanges, curvatures);
    let slope = dot(direction, gradient);
    if (slope >= 0) {
      // The curvature pairs went stale; fall back to steepest descent.
      steps.length = gradientChanges.length = curvatures.length = 0;
      for (let i = 0; i < size; i++) direction[i] = -gradient[i];
      slope = dot(direction, gradient);
    }
    // Without curvature information yet, a unit step in the raw gradient direction can overshoot wildly.
    let stepSize = steps.length === 0 ? Math.min(1, 1 / Math.sqrt(-slope)) : 1;
    const nextX = new Float64Array(size);
    const nextGradient = new Float64Array(size);
    let nextValue = Number.POSITIVE_INFINITY;
    for (let trial = 0; trial < 40; trial++) {
      for (let i = 0; i < size; i++) nextX[i] = x[i] + stepSize * direction[i];
      nextValue = objective(nextX, nextGradient);
      if (nextValue <= value + 1e-4 * stepSize * slope) break;
      stepSize /= 2;
    }
    if (!(nextValue <= value)) return { x, value, iterations: iteration, converged: false };
    const step = new Float64Array(size);
    const gradientChange = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      step[i] = nextX[i] - x[i];
      gradientChange[i] = nextGradient[i] - gradient[i];
    }
    const curvature = dot(step, gradientChange);
    if (curvature > 1e-12) {
      steps.push(step);
      gradientChanges.push(gradientChange);
      curvatures.push(curvature);
      if (steps.length > memory) {
        steps.shift();
        gradientChanges.shift();
        curvatures.shift();
      }
    }
    const improvement = value - nextValue;
    x = nextX;
    gradient = nextGradient;
    value = nextValue;
    if (improvement <= valueTolerance * Math.max(1, Math.abs(value))) {
      return { x, value, iterations: iteration + 1, converged: true };
    }
  }
  return { x, value, iterations: maxIterations, converged: maxAbs(gradient) < gradientTolerance };
}

/** The two-loop recursion: -H * gradient with H the L-BFGS inverse-Hessian estimate. */
function searchDirection(
  gradient: Float64Array,
  steps: readonly Float64Array[],
  gradientChanges: readonly Float64Array[],
  curvatures: readonly number[],
): Float64Array {
  const q = Float64Array.from(gradient);
  const alphas = new Array<number>(steps.length);
  for (let i = steps.length - 1; i >= 0; i--) {
    alphas[i] = dot(steps[i], q) / curvatures[i];
    axpy(-alphas[i], gradientChanges[i], q);
  }
  if (steps.length > 0) {
    const last = steps.length - 1;
    const scale = curvatures[last] / dot(gradientChanges[last], gradientChanges[last]);
    for (let i = 0; i < q.length; i++) q[i] *= scale;
  }
  for (let i = 0; i < steps.length; i++) {
    const beta = dot(gradientChanges[i], q) / curvatures[i];
    axpy(alphas[i] - beta, steps[i], q);
  }
  for (let i = 0; i < q.length; i++) q[i] = -q[i];
  return q;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/** y += scale * x */
function axpy(scale: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] += scale * x[i];
}

function maxAbs(values: Float64Array): number {
  let max = 0;
  for (const value of values) max = Math.max(max, Math.abs(value));
  return max;
}
