// Keras layers whose training step Kiln runs faster (and, for Dropout, as Keras does) than
// tfjs-layers: drop-in for tf.layers' factories of the same names.
export { Activation, activation } from './activation.js';
export { AlternatingFlip, alternatingFlip, type AlternatingFlipArgs } from './alternatingFlip.js';
export { BatchNormalization, batchNormalization } from './batchNormalization.js';
export { Conv2D, conv2d, SeparableConv2D, separableConv2d } from './convolutional.js';
export { Dropout, dropout, type DropoutRandomState } from './dropout.js';
export { MaxPooling2D, maxPooling2d } from './pooling.js';
export { PatchWhitening, patchWhitening, type PatchWhiteningArgs } from './patchWhitening.js';
export { RandomCutout, randomCutout, type RandomCutoutArgs } from './randomCutout.js';
export { RandomFlip, randomFlip, type RandomFlipArgs } from './randomFlip.js';
export { RandomTranslation, randomTranslation, type RandomTranslationArgs } from './randomTranslation.js';
