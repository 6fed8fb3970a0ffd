// The frozen patch-whitening first layer of the CIFAR-10 speed-run recipes (airbench, hlb-CIFAR10):
// a small 'valid' convolution whose filters are the eigenvectors of the training images' patch
// covariance, each scaled by 1 / sqrt(eigenvalue + epsilon), in both signs (so a ReLU-like activation
// after it loses nothing). Its outputs are the image's patches decorrelated and scaled to unit
// variance: the network starts from features in which every direction of pixel variation counts
// alike, which is what makes the first epochs of a short run count. It is computed, not trained:
// `adapt(images)` fits it to a sample of the training images before training, as Keras'
// Normalization layer's `adapt`.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology.js';
import type { Kwargs } from '@tensorflow/tfjs-layers/dist/types.js';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

export interface PatchWhiteningArgs extends LayerArgs {
  /** The side of the square patches (default 2, airbench's): the layer outputs 2 * patchSize² * channels maps. */
  patchSize?: number;
  /**
   * Added to each eigenvalue before the square root, as a fraction of the average variance of a
   * patch's values (default 5e-4, airbench's on standardised images), so that directions of almost no
   * variation (noise) are not blown up; relative, so it does not depend on the pixels' scale.
   */
  epsilon?: number;
}

export class PatchWhitening extends tfl.layers.Layer {
  static className = 'PatchWhitening';

  readonly patchSize: number;
  readonly epsilon: number;
  private kernel: tfl.LayerVariable | undefined;
  private bias: tfl.LayerVariable | undefined;

  constructor(args: PatchWhiteningArgs = {}) {
    // Never trained: its weights come from adapt().
    super({ ...args, trainable: false });
    this.patchSize = args.patchSize ?? 2;
    this.epsilon = args.epsilon ?? 5e-4;
    if (!Number.isInteger(this.patchSize) || this.patchSize < 1) {
      throw new Error(`PatchWhitening: patchSize must be a positive integer, got ${this.patchSize}`);
    }
    if (!(this.epsilon >= 0)) throw new Error(`PatchWhitening: epsilon must be >= 0, got ${this.epsilon}`);
  }

  /** The output maps: each of the patchSize² * channels whitened directions, then their negatives. */
  filters(channels: number): number {
    return 2 * this.patchSize * this.patchSize * channels;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    const channels = shape[3];
    if (shape.length !== 4 || typeof channels !== 'number') {
      throw new Error(`PatchWhitening expects images [n, height, width, channels], got [${shape.join(', ')}]`);
    }
    const p = this.patchSize;
    const filters = this.filters(channels);
    this.kernel = this.addWeight(
      'kernel',
      [p, p, channels, filters],
      'float32',
      tfl.initializers.zeros(),
      undefined,
      false,
    );
    this.bias = this.addWeight('bias', [filters], 'float32', tfl.initializers.zeros(), undefined, false);
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const [n, height, width, channels] = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    const valid = (side: number | null | undefined): number | null =>
      typeof side === 'number' ? side - this.patchSize + 1 : null;
    return [n ?? null, valid(height), valid(width), this.filters(channels as number)];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    this.invokeCallHook(inputs, kwargs);
    const input = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D;
    return tf.tidy(() => tf.add(tf.conv2d(input, this.kernel!.read() as tf.Tensor4D, 1, 'valid'), this.bias!.read()));
  }

  /**
   * Fits the whitening to `images` ([n, height, width, channels], as the model receives them: a few
   * thousand training images are plenty): every patch, centred on the mean patch, has covariance
   * C = V diag(λ) Vᵀ; filter k is v_k / sqrt(λ_k + ε), its bias minus its response to the mean patch,
   * so the outputs are centred with covariance ~identity (airbench trains a bias from zero instead).
   */
  adapt(images: tf.Tensor4D): void {
    if (images.rank !== 4)
      throw new Error(
        `PatchWhitening.adapt expects images [n, height, width, channels], got [${images.shape.join(', ')}]`,
      );
    if (!this.built) this.build(images.shape);
    const [, height, width, channels] = images.shape;
    const p = this.patchSize;
    if (height < p || width < p)
      throw new Error(`PatchWhitening.adapt: images of ${height}x${width} are smaller than the ${p}x${p} patches`);
    const size = p * p * channels;
    const { mean, covariance: rows } = patchMoments(images, p);
    const averageVariance = rows.reduce((sum, row, i) => sum + row[i]!, 0) / size;
    const decomposition = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true });
    const eigenvalues = decomposition.realEigenvalues;
    const vectors = decomposition.eigenvectorMatrix;
    const filters = this.filters(channels);
    const kernel = new Float32Array(size * filters);
    const bias = new Float32Array(filters);
    // Largest variance first, as airbench orders them.
    const order = eigenvalues.map((_, k) => k).sort((a, b) => eigenvalues[b]! - eigenvalues[a]!);
    order.forEach((k, position) => {
      const scale = 1 / Math.sqrt(Math.max(eigenvalues[k]!, 0) + this.epsilon * averageVariance);
      let response = 0;
      for (let i = 0; i < size; i++) {
        const weight = vectors.get(i, k) * scale;
        kernel[i * filters + position] = weight;
        kernel[i * filters + position + size] = -weight;
        response += weight * mean[i]!;
      }
      bias[position] = -response;
      bias[position + size] = response;
    });
    tf.tidy(() => {
      this.kernel!.write(tf.tensor4d(kernel, [p, p, channels, filters]));
      this.bias!.write(tf.tensor1d(bias));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), patchSize: this.patchSize, epsilon: this.epsilon };
  }
}
tf.serialization.registerClass(PatchWhitening);

/**
 * The mean and covariance of every p x p patch of `images` (values in (row, column, channel) order),
 * accumulated in float64 over chunks of images so that thousands of images never make one huge tensor.
 */
function patchMoments(images: tf.Tensor4D, p: number): { mean: Float64Array; covariance: number[][] } {
  const [n, height, width, channels] = images.shape;
  const size = p * p * channels;
  const sums = new Float64Array(size);
  const products = new Float64Array(size * size);
  const chunk = 256;
  for (let start = 0; start < n; start += chunk) {
    const count = Math.min(chunk, n - start);
    const [chunkSums, chunkProducts] = tf.tidy(() => {
      const slice = tf.cast(tf.slice(images, [start, 0, 0, 0], [count, height, width, channels]), 'float32');
      const patches = tf.reshape(extractPatches(slice as tf.Tensor4D, p), [-1, size]);
      return [tf.sum(patches, 0).dataSync(), tf.matMul(patches, patches, true, false).dataSync()];
    });
    chunkSums!.forEach((v, i) => (sums[i]! += v));
    chunkProducts!.forEach((v, i) => (products[i]! += v));
  }
  const patches = n * (height - p + 1) * (width - p + 1);
  const mean = sums.map((v) => v / patches);
  const covariance = Array.from({ length: size }, (_, i) =>
    Array.from({ length: size }, (_, j) => products[i * size + j]! / patches - mean[i]! * mean[j]!),
  );
  return { mean, covariance };
}

/** Every p x p patch of every image: [n, height - p + 1, width - p + 1, p * p * channels], values in (row, column, channel) order. */
function extractPatches(images: tf.Tensor4D, p: number): tf.Tensor4D {
  const [n, height, width, channels] = images.shape;
  const rows = height - p + 1;
  const columns = width - p + 1;
  const shifted: tf.Tensor4D[] = [];
  for (let dy = 0; dy < p; dy++) {
    for (let dx = 0; dx < p; dx++) shifted.push(tf.slice(images, [0, dy, dx, 0], [n, rows, columns, channels]));
  }
  return tf.concat(shifted, 3);
}

export function patchWhitening(args: PatchWhiteningArgs = {}): PatchWhitening {
  return new PatchWhitening(args);
}
