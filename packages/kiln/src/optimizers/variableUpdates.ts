import * as tf from '@tensorflow/tfjs-core';

/** tfjs-core's NamedTensor, which its main entry does not export. */
export type NamedTensor = Awaited<ReturnType<tf.Optimizer['getWeights']>>[number];

/** An optimizer's per-variable state, named as tfjs names it in saved optimizer weights. */
export interface Slot {
  readonly originalName: string;
  readonly variable: tf.Variable;
}

/**
 * Calls `update(value, gradient, index)` for each variable that has a gradient, as tfjs' own
 * optimizers walk `applyGradients`' argument; `index` is the variable's position, which keys its slots.
 */
export function forEachGradient(
  optimizerName: string,
  variableGradients: Parameters<tf.Optimizer['applyGradients']>[0],
  update: (value: tf.Variable, gradient: tf.Tensor, index: number) => void,
): void {
  const names = Array.isArray(variableGradients)
    ? variableGradients.map((item) => item.name)
    : Object.keys(variableGradients);
  names.forEach((name, i) => {
    const value = tf.engine().registeredVariables[name];
    if (value === undefined) throw new Error(`${optimizerName}: no variable named '${name}'`);
    const gradient = Array.isArray(variableGradients) ? variableGradients[i]?.tensor : variableGradients[name];
    if (gradient != null) update(value, gradient, i);
  });
}

/** A zero-filled, non-trainable slot `<weightName>/<suffix>` shaped like `like`. */
export function zeroSlot(weightName: string, like: tf.Tensor, suffix: string): Slot {
  return { originalName: `${weightName}/${suffix}`, variable: tf.tidy(() => tf.zerosLike(like).variable(false)) };
}

/** `weights` as slots, each a fresh variable. */
export function slotsFrom(weights: NamedTensor[]): Slot[] {
  return weights.map((item) => ({ originalName: item.name, variable: item.tensor.variable(false) }));
}

/** `slots` as an optimizer's saved weights (slotsFrom's inverse). */
export function slotWeights(slots: readonly Slot[]): NamedTensor[] {
  return slots.map((slot) => ({ name: slot.originalName, tensor: slot.variable }));
}
