import * as tf from '@tensorflow/tfjs-core';
import { forEachGradient, slotsFrom, slotWeights, zeroSlot, type NamedTensor, type Slot } from './variableUpdates.js';

/**
 * Adadelta as Keras and TensorFlow compute it (Zeiler, 2012): each step divides by the RMS of the
 * gradients *including the current one*. tfjs 4.22's AdadeltaOptimizer divides by the RMS before
 * it, so a weight's first step is the raw gradient times the learning rate: with the chapter's
 * learning rate of 1.0 that is a plain SGD step of 1.0, and the regular convnet diverges.
 * Serialized under tfjs' own class name ('Adadelta') with the same config and slot order, so saved
 * models stay loadable by tfjs.
 */
export class KerasAdadeltaOptimizer extends tf.AdadeltaOptimizer {
  private gradientSlots: Slot[] = [];
  private updateSlots: Slot[] = [];

  override applyGradients(variableGradients: Parameters<tf.Optimizer['applyGradients']>[0]): void {
    forEachGradient('Adadelta', variableGradients, (value, gradient, i) => {
      this.gradientSlots[i] ??= zeroSlot(value.name, value, 'accum_grad');
      this.updateSlots[i] ??= zeroSlot(value.name, value, 'accum_var');
      const accumulatedGradient = this.gradientSlots[i]!.variable;
      const accumulatedUpdate = this.updateSlots[i]!.variable;
      tf.tidy(() => {
        const newAccumulatedGradient = tf.add(
          tf.mul(accumulatedGradient, this.rho),
          tf.mul(tf.square(gradient), 1 - this.rho),
        );
        const update = tf.mul(
          tf.div(
            tf.sqrt(tf.add(accumulatedUpdate, this.epsilon)),
            tf.sqrt(tf.add(newAccumulatedGradient, this.epsilon)),
          ),
          gradient,
        );
        accumulatedGradient.assign(newAccumulatedGradient);
        accumulatedUpdate.assign(tf.add(tf.mul(accumulatedUpdate, this.rho), tf.mul(tf.square(update), 1 - this.rho)));
        value.assign(tf.sub(value, tf.mul(update, this.learningRate)));
      });
    });
    this.incrementIterations();
  }

  override dispose(): void {
    tf.dispose([...this.gradientSlots, ...this.updateSlots].map((slot) => slot.variable));
    this.gradientSlots = [];
    this.updateSlots = [];
  }

  override async getWeights(): Promise<NamedTensor[]> {
    return [await this.saveIterations(), ...slotWeights([...this.gradientSlots, ...this.updateSlots])];
  }

  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const values = await this.extractIterations(weightValues);
    const count = values.length / 2;
    this.dispose();
    this.gradientSlots = slotsFrom(values.slice(0, count));
    this.updateSlots = slotsFrom(values.slice(count));
  }
}
