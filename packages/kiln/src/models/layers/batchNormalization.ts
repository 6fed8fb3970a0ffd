// Keras' BatchNormalization, as tfjs-layers has it, whose training step runs as one op where the
// backend has it (onednn's batchNormTraining): tfjs-layers computes the batch's moments and
// normalizes with about fourteen whole-tensor kernels forward and back, which made the chapter's
// BN models far slower per step than their plain versions. Same weights, config, class name and
// results (the tests compare it with tfjs-layers' on both backends), so saved models stay Keras'.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type {
  BatchNormalization as TfjsBatchNormalization,
  BatchNormalizationLayerArgs,
} from '@tensorflow/tfjs-layers/dist/layers/normalization.js';
import type { Kwargs } from '@tensorflow/tfjs-layers/dist/types.js';
import { batchNormTraining, hasBatchNormTraining } from 'tfjs-backend-onednn';

// tfjs-layers exports the layer's factory, not its class.
const TfjsBatchNormalizationClass = tfl.layers.batchNormalization({}).constructor as typeof TfjsBatchNormalization;

export class BatchNormalization extends TfjsBatchNormalizationClass {
  static override className = 'BatchNormalization';

  /**
   * 'relu' when this layer applies the ReLU of the Activation layer after it, which then passes
   * its input through (see fuseLayers): normalizing and rectifying in one pass. Not part
   * of the config: a saved model keeps both layers.
   */
  fusedActivation: 'linear' | 'relu' = 'linear';

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const input = Array.isArray(inputs) ? inputs[0] : inputs;
    if (kwargs['training'] !== true || input === undefined || !this.runsAsOneOp(input)) {
      if (this.fusedActivation === 'linear') return super.call(inputs, kwargs);
      return tf.tidy(() => tf.relu(super.call(inputs, kwargs) as tf.Tensor));
    }
    const { momentum, epsilon } = this.getConfig() as { momentum: number; epsilon: number };
    return tf.tidy(() => {
      const { y, mean, variance } = batchNormTraining(
        input,
        this.weight('gamma').read(),
        this.weight('beta').read(),
        epsilon,
        this.fusedActivation,
      );
      movingAverage(this.weight('moving_mean'), mean, momentum);
      movingAverage(this.weight('moving_variance'), variance, momentum);
      return y;
    });
  }

  /** Over the last axis, with scale and offset, on a backend that has the op: the Keras default. */
  private runsAsOneOp(input: tf.Tensor): boolean {
    const { axis, center, scale } = this.getConfig() as { axis: number; center: boolean; scale: boolean };
    return (
      hasBatchNormTraining() &&
      input.dtype === 'float32' &&
      input.rank >= 2 &&
      center &&
      scale &&
      (axis === -1 || axis === input.rank - 1)
    );
  }

  private weight(name: 'gamma' | 'beta' | 'moving_mean' | 'moving_variance'): tfl.LayerVariable {
    // Weight names are scoped by the layer's: 'batch_normalization_1/gamma'.
    const found = this.weights.find((w) => w.originalName.split('/').at(-1) === name);
    if (found === undefined) throw new Error(`${this.name} has no ${name} weight`);
    return found;
  }
}
tf.serialization.registerClass(BatchNormalization);

/** variable -= (variable - value) * (1 - momentum), as tfjs-layers and Keras update moving statistics. */
function movingAverage(variable: tfl.LayerVariable, value: tf.Tensor, momentum: number): void {
  tf.tidy(() => {
    const current = variable.read();
    variable.write(tf.sub(current, tf.mul(tf.sub(current, value), 1 - momentum)));
  });
}

export function batchNormalization(args: BatchNormalizationLayerArgs = {}): BatchNormalization {
  return new BatchNormalization(args);
}
