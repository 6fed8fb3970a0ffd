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
import { batchNormTraining, gelu, hasBatchNormTraining, hasGelu, type BatchNormActivation } from 'tfjs-backend-onednn';

// tfjs-layers exports the layer's factory, not its class.
const TfjsBatchNormalizationClass = tfl.layers.batchNormalization({}).constructor as typeof TfjsBatchNormalization;

export class BatchNormalization extends TfjsBatchNormalizationClass {
  static override className = 'BatchNormalization';

  /**
   * 'relu' or 'gelu' when this layer applies the activation of the Activation layer after it, which
   * then passes its input through (see fuseLayers): normalizing and activating in one pass. Not
   * part of the config: a saved model keeps both layers.
   */
  fusedActivation: BatchNormActivation = 'linear';

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const input = Array.isArray(inputs) ? inputs[0] : inputs;
    const oneOp = input !== undefined && this.runsAsOneOp(input);
    // tfjs-layers' training step reads gamma and beta even when scale or center left them out.
    const withoutWeight = !this.has('gamma') || !this.has('beta');
    if (kwargs['training'] !== true || input === undefined || (!oneOp && !withoutWeight)) {
      if (this.fusedActivation === 'linear') return super.call(inputs, kwargs);
      return tf.tidy(() => activate(super.call(inputs, kwargs) as tf.Tensor, this.fusedActivation));
    }
    const { momentum, epsilon } = this.getConfig() as { momentum: number; epsilon: number };
    return tf.tidy(() => {
      const gamma = this.weightOr('gamma', 1, input);
      const beta = this.weightOr('beta', 0, input);
      const { y, mean, variance } = oneOp
        ? batchNormTraining(input, gamma, beta, epsilon, this.fusedActivation)
        : normalizeBatch(input, gamma, beta, epsilon, this.fusedActivation);
      movingAverage(this.weight('moving_mean'), mean, momentum);
      movingAverage(this.weight('moving_variance'), variance, momentum);
      return y;
    });
  }

  /** Over the last axis (the Keras default), on a backend that has the op. */
  private runsAsOneOp(input: tf.Tensor): boolean {
    const { axis } = this.getConfig() as { axis: number };
    return (
      hasBatchNormTraining() && input.dtype === 'float32' && input.rank >= 2 && (axis === -1 || axis === input.rank - 1)
    );
  }

  /** The layer's gamma or beta, or, when `scale: false` or `center: false` left it out, the constant it stands for. */
  private weightOr(name: 'gamma' | 'beta', constant: number, input: tf.Tensor): tf.Tensor {
    return this.has(name) ? this.weight(name).read() : tf.fill([input.shape[input.rank - 1]!], constant);
  }

  private has(name: 'gamma' | 'beta'): boolean {
    return this.weights.some((w) => w.originalName.split('/').at(-1) === name);
  }

  private weight(name: 'gamma' | 'beta' | 'moving_mean' | 'moving_variance'): tfl.LayerVariable {
    // Weight names are scoped by the layer's: 'batch_normalization_1/gamma'.
    const found = this.weights.find((w) => w.originalName.split('/').at(-1) === name);
    if (found === undefined) throw new Error(`${this.name} has no ${name} weight`);
    return found;
  }
}
tf.serialization.registerClass(BatchNormalization);

/** The batch's moments over every axis but the last, and the input normalized with them, in JS ops. */
function normalizeBatch(
  input: tf.Tensor,
  gamma: tf.Tensor,
  beta: tf.Tensor,
  epsilon: number,
  activation: BatchNormActivation,
): { y: tf.Tensor; mean: tf.Tensor; variance: tf.Tensor } {
  const { mean, variance } = tf.moments(
    input,
    input.shape.slice(0, -1).map((_, i) => i),
  );
  const y = tf.batchNorm(input, mean, variance, beta, gamma, epsilon);
  return { y: activate(y, activation), mean, variance };
}

/** The fused activation, applied apart from the normalization: GELU exact (with erf), as Keras' and tfjs-layers'. */
function activate(y: tf.Tensor, activation: BatchNormActivation): tf.Tensor {
  if (activation === 'relu') return tf.relu(y);
  if (activation === 'linear') return y;
  if (hasGelu() && y.dtype === 'float32') return gelu(y);
  return tf.mul(y, tf.mul(0.5, tf.add(1, tf.erf(tf.div(y, Math.SQRT2)))));
}

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
