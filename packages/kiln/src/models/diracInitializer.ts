// PyTorch's `dirac_` on part of a convolution's filters, as airbench initialises its convolutions:
// filter i < min(inputs, filters) starts as the identity of input channel i (1 at the kernel's centre
// on channel i, 0 elsewhere), the other filters as the base initializer draws them. A block of such
// convolutions starts close to passing its input through (as a residual network does), so a short
// run trains a deep stack from the first steps.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { Initializer } from '@tensorflow/tfjs-layers/dist/initializers.js';

// tfjs-layers exports its initializers' factories, not their base class.
const TfjsInitializer = Object.getPrototypeOf(tfl.initializers.zeros().constructor) as typeof Initializer;

export interface DiracArgs {
  /** Seeds the filters beyond the identity ones (default: random). */
  seed?: number;
}

/**
 * The identity filters as described above; the others as PyTorch's convolutions start, airbench's
 * (uniform, variance 1 / (3 fan-in)): smaller weights than He's, which BatchNormalization after the
 * convolution makes moot but which turn faster at the same learning rate.
 */
export class Dirac extends TfjsInitializer {
  static className = 'Dirac';
  readonly seed: number | undefined;

  constructor(args: DiracArgs = {}) {
    super();
    this.seed = args.seed;
  }

  apply(shape: number[], dtype?: tf.DataType): tf.Tensor {
    if (shape.length !== 4) {
      throw new Error(
        `Dirac initializes convolution kernels [height, width, inputs, filters], got [${shape.join(', ')}]`,
      );
    }
    const [height, width, inputs, filters] = shape as [number, number, number, number];
    const base = tfl.initializers
      .varianceScaling({
        scale: 1 / 3,
        mode: 'fanIn',
        distribution: 'uniform',
        ...(this.seed === undefined ? {} : { seed: this.seed }),
      })
      .apply(shape, dtype);
    const values = base.dataSync().slice();
    base.dispose();
    const identities = Math.min(inputs, filters);
    for (let row = 0; row < height; row++) {
      for (let column = 0; column < width; column++) {
        const centre = row === Math.floor(height / 2) && column === Math.floor(width / 2);
        for (let input = 0; input < inputs; input++) {
          const at = ((row * width + column) * inputs + input) * filters;
          for (let filter = 0; filter < identities; filter++) values[at + filter] = centre && input === filter ? 1 : 0;
        }
      }
    }
    return tf.tensor(values, shape, dtype);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return this.seed === undefined ? {} : { seed: this.seed };
  }
}
tf.serialization.registerClass(Dirac);

export function dirac(args: DiracArgs = {}): Dirac {
  return new Dirac(args);
}
