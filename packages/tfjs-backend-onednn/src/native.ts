// Loads the oneDNN addon (build/Release/onednn.node) and types its functions. Native kernels read
// their Float32Array inputs in place and write into an output the caller allocated.
import { createRequire } from 'node:module';

/** Convolution geometry, as built by `convGeometry()`: 18 integers. */
export type ConvGeometry = readonly number[];

export type BinaryOperation = 'add' | 'sub' | 'mul' | 'div' | 'max' | 'min' | 'addRelu';
export type EltwiseFunction =
  | 'relu'
  | 'leakyRelu'
  | 'elu'
  | 'sigmoid'
  | 'tanh'
  | 'exp'
  | 'log'
  | 'sqrt'
  | 'rsqrt'
  | 'square'
  | 'abs'
  | 'neg'
  | 'floor'
  | 'gelu';
export type ReductionOperation = 'sum' | 'mean' | 'max' | 'min';

export interface NativeAddon {
  /** bf16: whether the CPU computes bfloat16 natively (oneDNN's effective ISA, which DNNL_MAX_CPU_ISA caps). */
  info(): { version: string; threads: number; cachedPrimitives: number; cacheCapacity: number; bf16: boolean };
  /** Makes glibc serve tensor-sized buffers from its heap and keep freed ones (a process-wide mallopt). */
  keepLargeBuffersInHeap(): void;
  setPrimitiveCacheCapacity(capacity: number): void;
  /** The OpenMP threads of every kernel from now on (a positive integer); clears the primitive cache. */
  setThreads(threads: number): void;
  /** c[m, n] = a[m, k] b[k, n], row-major, with oneDNN's dnnl_sgemm. */
  sgemm(a: Float32Array, b: Float32Array, c: Float32Array, mnk: readonly [number, number, number]): void;
  convForward(
    x: Float32Array,
    filter: Float32Array,
    bias: Float32Array | null,
    y: Float32Array,
    geometry: ConvGeometry,
    relu: boolean,
    bf16: boolean,
  ): void;
  /** bf16 (here and in the other convolution passes and matmul): inputs read as bfloat16, float32 accumulation and output. */
  convBackwardData(
    dy: Float32Array,
    filter: Float32Array,
    dx: Float32Array,
    geometry: ConvGeometry,
    bf16: boolean,
  ): void;
  convBackwardWeights(
    x: Float32Array,
    dy: Float32Array,
    dFilter: Float32Array,
    geometry: ConvGeometry,
    bf16: boolean,
  ): void;
  /**
   * Max (max = true) or average pooling; the geometry's filter is the window. Max pooling writes
   * where each maximum was into `workspace` when given (maxPoolWorkspaceBytes long).
   */
  poolForward(
    x: Float32Array,
    y: Float32Array,
    workspace: Uint8Array | null,
    geometry: ConvGeometry,
    max: boolean,
  ): void;
  /**
   * dx of a pooling. Max pooling reads the workspace its forward pass wrote when given, else
   * reruns that pass on x; average pooling reads neither.
   */
  poolBackward(
    dy: Float32Array,
    x: Float32Array | null,
    workspace: Uint8Array | null,
    dx: Float32Array,
    geometry: ConvGeometry,
    max: boolean,
  ): void;
  /** The size of max pooling's workspace over `geometry`. */
  maxPoolWorkspaceBytes(geometry: ConvGeometry): number;
  /**
   * out = relu?(a b + bias?) for [batchA, batchB, m, k, n, transposeA, transposeB] (a batch of 1
   * broadcasts); a is [batchA, m, k] (or [batchA, k, m] transposed), b [batchB, k, n] (or [.., n, k]).
   */
  matmul(
    a: Float32Array,
    b: Float32Array,
    bias: Float32Array | null,
    out: Float32Array,
    shape: readonly number[],
    relu: boolean,
    bf16: boolean,
  ): void;
  /** out = a op b; bDims has aDims' rank, each dimension equal to a's or 1 (broadcast). */
  binary(
    operation: BinaryOperation,
    a: Float32Array,
    aDims: number[],
    b: Float32Array,
    bDims: number[],
    out: Float32Array,
  ): void;
  /** dx = dy * (x == y), y and dy broadcast: yDims has xDims' rank, each dimension x's or 1. */
  minMaxGrad(
    x: Float32Array,
    xDims: number[],
    y: Float32Array,
    dy: Float32Array,
    yDims: number[],
    dx: Float32Array,
  ): void;
  /** y = f(x); alpha is LeakyRelu's slope. */
  eltwise(fn: EltwiseFunction, x: Float32Array, y: Float32Array, alpha: number): void;
  /** y = x > 0 ? 1 : alpha (NaN stays NaN), tfjs' Step. */
  step(x: Float32Array, y: Float32Array, alpha: number): void;
  /** yDims is xDims with 1 on each reduced axis. */
  reduce(operation: ReductionOperation, x: Float32Array, xDims: number[], y: Float32Array, yDims: number[]): void;
  /** out = scale * x tiled `reps` times along each dim; shape is x's (rank >= 1). */
  tile(x: Float32Array, shape: number[], reps: number[], out: Float32Array, scale: number): void;
  /** y = (x - mean) * scale / sqrt(variance + epsilon) + offset; statistics per channel (x's last dim), scale null: 1. */
  batchNorm(
    x: Float32Array,
    mean: Float32Array,
    variance: Float32Array,
    scale: Float32Array | null,
    epsilon: number,
    offset: Float32Array,
    y: Float32Array,
  ): void;
  /** FusedBatchNorm's gradients with respect to x and each per-channel statistic. */
  batchNormGrad(
    x: Float32Array,
    mean: Float32Array,
    variance: Float32Array,
    scale: Float32Array | null,
    epsilon: number,
    dy: Float32Array,
    dx: Float32Array,
    dMean: Float32Array,
    dVariance: Float32Array,
    dScale: Float32Array,
    dOffset: Float32Array,
  ): void;
  /**
   * Batch normalization in training: y normalized by x's own per-channel mean and biased variance
   * (x's last dim has `channels`), which are written to `mean` and `variance`; then activation of that.
   */
  batchNormTraining(
    x: Float32Array,
    channels: number,
    scale: Float32Array | null,
    offset: Float32Array,
    epsilon: number,
    y: Float32Array,
    mean: Float32Array,
    variance: Float32Array,
    activation: 'linear' | 'relu' | 'gelu',
  ): void;
  /**
   * batchNormTraining's gradients from those of its three outputs, the statistics depending on x;
   * activation as the forward pass had it.
   */
  batchNormTrainingGrad(
    x: Float32Array,
    mean: Float32Array,
    variance: Float32Array,
    scale: Float32Array | null,
    epsilon: number,
    dy: Float32Array,
    dMean: Float32Array,
    dVariance: Float32Array,
    dx: Float32Array,
    dScale: Float32Array,
    dOffset: Float32Array,
    offset: Float32Array,
    activation: 'linear' | 'relu' | 'gelu',
  ): void;
  /** multiplier = kept ? 1 / (1 - rate) : 0 per element (a hash of its index and seed), y = x * multiplier. */
  dropout(x: Float32Array, rate: number, seed: number, y: Float32Array, multiplier: Float32Array): void;
  /**
   * Per image b (params[7b..7b+6] = flip, shiftRows, shiftCols, cutTop, cutLeft, cutBottom, cutRight):
   * flip horizontally, translate (padding by reflection or with fillValue), then fill the cut-out
   * rectangle [cutTop, cutBottom) x [cutLeft, cutRight) with fillValue. x and y are NHWC.
   */
  augmentImages(
    x: Float32Array,
    shape: [number, number, number, number],
    params: Int32Array,
    reflect: boolean,
    fillValue: number,
    y: Float32Array,
  ): void;
  /** Keras 2's RMSprop step: ms' = rho ms + (1 - rho) g², w' = w - lr g / (sqrt(ms') + epsilon). */
  rmspropUpdate(
    value: Float32Array,
    gradient: Float32Array,
    meanSquare: Float32Array,
    learningRate: number,
    rho: number,
    epsilon: number,
    newValue: Float32Array,
    newMeanSquare: Float32Array,
  ): void;
  /** Keras 3's SGD step with momentum after decoupled weight decay (decayFactor 1 - learningRate weightDecay). */
  sgdMomentumUpdate(
    value: Float32Array,
    gradient: Float32Array,
    momentum: Float32Array,
    learningRate: number,
    decayFactor: number,
    mu: number,
    nesterov: boolean,
    newValue: Float32Array,
    newMomentum: Float32Array,
  ): void;
  /** dx = dy * f'(x): ReLU's (dy * step(x)) or Square's (dy * 2x) gradient. */
  unaryGrad(fn: 'relu' | 'square' | 'gelu', x: Float32Array, dy: Float32Array, dx: Float32Array): void;
  /** The gradient of y = relu(w + bias): dz = dy * step(y), and dBias = dz summed per channel (y's last dim). */
  reluBiasGrad(y: Float32Array, dy: Float32Array, dz: Float32Array, dBias: Float32Array): void;
  /** y = exp(x - max) / sum per row of `columns` values, as tfjs' Softmax over the last axis. */
  softmax(x: Float32Array, y: Float32Array, columns: number): void;
}

export interface Availability {
  available: boolean;
  /** Why the addon did not load, and what to do about it. */
  reason?: string;
}

/**
 * What the set-up of the backend may change in the whole process (see the README's "Process-wide
 * settings").
 */
export interface OneDnnSetupOptions {
  /**
   * When the addon loads: `GOMP_SPINCOUNT=30000` in process.env (unless it or OMP_WAIT_POLICY is
   * set; libgomp reads it as it loads with the addon) and glibc's heap thresholds (mallopt, unless
   * MALLOC_MMAP_THRESHOLD_ / MALLOC_TRIM_THRESHOLD_ are set). Default: true, unless the environment
   * has KILN_PROCESS_SETTINGS=0.
   */
  readonly processSettings?: boolean;
}

interface Loaded {
  readonly addon?: NativeAddon;
  readonly availability: Availability;
  readonly processSettings: boolean;
}

/** libgomp's default spin, 300,000 rounds, kept idle threads busy while JavaScript ran; 0 made each parallel region wait for a wake-up. */
const SPIN_COUNT = '30000';

function processSettingsByDefault(): boolean {
  return process.env.KILN_PROCESS_SETTINGS !== '0';
}

function load(processSettings: boolean): Loaded {
  const setSpinCount =
    processSettings && process.env.OMP_WAIT_POLICY === undefined && process.env.GOMP_SPINCOUNT === undefined;
  if (setSpinCount) process.env.GOMP_SPINCOUNT = SPIN_COUNT;
  try {
    const require = createRequire(import.meta.url);
    const addon = require('../build/Release/onednn.node') as NativeAddon;
    if (processSettings) addon.keepLargeBuffersInHeap();
    return { addon, availability: { available: true }, processSettings };
  } catch (error) {
    if (setSpinCount) delete process.env.GOMP_SPINCOUNT;
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return {
      availability: {
        available: false,
        reason: `the oneDNN addon did not load (${message}); install oneDNN with 'apt-get install libdnnl-dev', then run 'npm rebuild tfjs-backend-onednn'`,
      },
      processSettings,
    };
  }
}

/** Loaded on first use, not at import: loading is what changes the process (see OneDnnSetupOptions). */
let loaded: Loaded | undefined;

function loadOnce(): Loaded {
  loaded ??= load(processSettingsByDefault());
  return loaded;
}

/**
 * Loads the native addon, with the process-wide settings unless `processSettings: false`, and says
 * whether it is available. Call it before anything else uses the backend (`tf.setBackend('onednn')`,
 * `isOneDnnAvailable()`, `nativeAddon()`, which load it with the defaults); later calls return the
 * same answer, and throw if they ask for other process settings than those already applied.
 */
export function setupOneDnn(options: OneDnnSetupOptions = {}): Availability {
  const processSettings = options.processSettings ?? processSettingsByDefault();
  if (loaded !== undefined && loaded.addon !== undefined && loaded.processSettings !== processSettings) {
    throw new Error(
      `tfjs-backend-onednn: the addon already loaded ${loaded.processSettings ? 'with' : 'without'} its process-wide settings; ` +
        'call setupOneDnn({ processSettings }) before anything else uses the backend, or set KILN_PROCESS_SETTINGS=0',
    );
  }
  loaded ??= load(processSettings);
  return loaded.availability;
}

/** Whether the native addon loads, and if not, why (loading it on first call). */
export function isOneDnnAvailable(): Availability {
  return loadOnce().availability;
}

/** The addon (loading it on first call); throws the reason it is unavailable. */
export function nativeAddon(): NativeAddon {
  const { addon, availability } = loadOnce();
  if (!addon) throw new Error(`tfjs-backend-onednn: ${availability.reason}`);
  return addon;
}
