// Keras' Dropout, as tfjs-layers has it, with two changes in training. Each call draws a new mask:
// tfjs-layers passes the layer's fixed seed to every call, so a seeded Dropout dropped the same
// units at every step, where Keras draws a new mask per step (reproducibly, from the seed). And on
// a backend that has it (onednn) the mask is drawn and applied natively in one pass, where tfjs
// draws it in JS with several whole-tensor kernels, a large part of a step. Same config and class name, so
// saved models stay Keras'.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { Dropout as TfjsDropout, DropoutLayerArgs } from '@tensorflow/tfjs-layers/dist/layers/core.js';
import type { Kwargs } from '@tensorflow/tfjs-layers/dist/types.js';
import { dropout as nativeDropout, hasDropout } from 'tfjs-backend-onednn';

// tfjs-layers exports the layer's factory, not its class.
const TfjsDropoutClass = tfl.layers.dropout({ rate: 0 }).constructor as typeof TfjsDropout;

/** The seed of a Dropout layer's masks and how many it has drawn. */
export interface DropoutRandomState {
  readonly seed: number;
  readonly masks: number;
}

export class Dropout extends TfjsDropoutClass {
  static override className = 'Dropout';

  /** Masks drawn so far: the next mask's seed is a function of the layer's seed and this. */
  private masks = 0;
  private baseSeed: number;

  constructor(args: DropoutLayerArgs) {
    super(args);
    this.baseSeed = args.seed ?? Math.floor(Math.random() * 2 ** 32);
  }

  /**
   * Where the layer's stream of masks is: its seed and the masks drawn so far. Backups keep it,
   * so that a resumed run draws the masks the uninterrupted one would have.
   */
  get randomState(): DropoutRandomState {
    return { seed: this.baseSeed, masks: this.masks };
  }

  set randomState(state: DropoutRandomState) {
    if (!Number.isInteger(state.masks) || state.masks < 0 || !Number.isInteger(state.seed))
      throw new Error(`a dropout random state needs integer seed and masks ≥ 0, got ${JSON.stringify(state)}`);
    this.baseSeed = state.seed;
    this.masks = state.masks;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const input = Array.isArray(inputs) ? inputs[0] : inputs;
    const { rate, noiseShape } = this.getConfig() as { rate: number; noiseShape?: number[] | null };
    if (kwargs['training'] !== true || input === undefined || !(rate > 0 && rate < 1) || noiseShape != null) {
      return super.call(inputs, kwargs);
    }
    this.invokeCallHook(inputs, kwargs);
    const seed = maskSeed(this.baseSeed, this.masks++);
    return tf.tidy(() =>
      hasDropout() && input.dtype === 'float32'
        ? nativeDropout(input, rate, seed)
        : tf.dropout(input, rate, undefined, seed),
    );
  }
}
tf.serialization.registerClass(Dropout);

/** A 32-bit seed per (layer seed, mask number), far apart for consecutive masks. */
function maskSeed(baseSeed: number, mask: number): number {
  return (Math.imul(baseSeed ^ 0x85ebca6b, 0xc2b2ae35) + Math.imul(mask + 1, 0x9e3779b9)) >>> 0;
}

export function dropout(args: DropoutLayerArgs): Dropout {
  return new Dropout(args);
}
