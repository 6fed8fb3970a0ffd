import * as tf from '@tensorflow/tfjs-core';
import { hasRmspropUpdate, rmspropUpdate } from 'tfjs-backend-onednn';
import { forEachGradient, slotsFrom, slotWeights, zeroSlot, type NamedTensor, type Slot } from './variableUpdates.js';

/**
 * RMSprop as Keras 2 computes it, the chapter's Keras: w -= lr * g / (sqrt(ms) + epsilon), with
 * ms the moving mean of g². tfjs 4.22 (like tf.keras since TF 2) divides by sqrt(ms + epsilon)
 * instead, which floors the divisor at sqrt(1e-7) = 3e-4 where Keras' is 1e-7: a weight whose
 * gradients are around 1e-9 moves ~3,000 times less. The chapter's separable convnet starts with
 * exactly such gradients in its kernels (its activations shrink tenfold per layer at
 * initialization) and with tfjs' formula never leaves chance accuracy.
 * On a backend that has it (onednn) each weight's step is one native op instead of nine kernels.
 * Serialized under tfjs' class name ('RMSProp') with its config and slot layout (mean squares,
 * then momentums, here always zero), so saved models stay loadable by tfjs.
 */
export class KerasRmspropOptimizer extends tf.RMSPropOptimizer {
  private meanSquareSlots: Slot[] = [];
  /** Made by getWeights only, for tfjs' layout: without momentum they stay zero. */
  private momentumSlots: Slot[] = [];

  constructor(learningRate: number, rho: number, epsilon: number) {
    super(learningRate, rho, 0, epsilon);
  }

  override applyGradients(variableGradients: Parameters<tf.Optimizer['applyGradients']>[0]): void {
    forEachGradient('RMSprop', variableGradients, (value, gradient, i) => {
      this.meanSquareSlots[i] ??= zeroSlot(value.name, value, 'rms');
      const meanSquare = this.meanSquareSlots[i]!.variable;
      tf.tidy(() => {
        if (hasRmspropUpdate() && value.dtype === 'float32') {
          const next = rmspropUpdate(value, gradient, meanSquare, this.learningRate, this.decay, this.epsilon);
          meanSquare.assign(next.meanSquare);
          value.assign(next.value);
          return;
        }
        const newMeanSquare = tf.add(tf.mul(meanSquare, this.decay), tf.mul(tf.square(gradient), 1 - this.decay));
        meanSquare.assign(newMeanSquare);
        value.assign(
          tf.sub(value, tf.div(tf.mul(gradient, this.learningRate), tf.add(tf.sqrt(newMeanSquare), this.epsilon))),
        );
      });
    });
    this.incrementIterations();
  }

  override dispose(): void {
    tf.dispose([...this.meanSquareSlots, ...this.momentumSlots].map((slot) => slot.variable));
    this.meanSquareSlots = [];
    this.momentumSlots = [];
  }

  override async getWeights(): Promise<NamedTensor[]> {
    this.meanSquareSlots.forEach((slot, i) => {
      this.momentumSlots[i] ??= zeroSlot(slot.originalName.replace(/\/rms$/, ''), slot.variable, 'momentum');
    });
    return [await this.saveIterations(), ...slotWeights([...this.meanSquareSlots, ...this.momentumSlots])];
  }

  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const values = await this.extractIterations(weightValues);
    this.dispose();
    this.meanSquareSlots = slotsFrom(values.slice(0, values.length / 2));
  }
}
