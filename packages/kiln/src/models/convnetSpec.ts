import type { OptimizerSpec } from '../optimizers/index.js';

/** A run of 3x3 convolutions, optionally followed by 2x2 max pooling and dropout. */
export interface ConvBlockSpec {
  /** Filters of each convolution in the block, in order. */
  readonly filters: readonly number[];
  readonly maxPooling: boolean;
  /** Dropout rate after the block (0 or absent: none). */
  readonly dropout?: number;
}

/** A fully connected ReLU layer of the classifier head, optionally followed by dropout. */
export interface DenseSpec {
  readonly units: number;
  readonly dropout?: number;
}

/**
 * Everything that distinguishes one of Kiln's convnets from another: the chapter's models are
 * instances of this, and `kiln tune` searches over it.
 */
export interface ConvnetSpec {
  /** `separable`: SeparableConv2D (depthwise + pointwise); `regular`: Conv2D. */
  readonly convolution: 'separable' | 'regular';
  readonly blocks: readonly ConvBlockSpec[];
  /**
   * With batch normalization each convolution is conv (no activation, no bias: BN's beta
   * replaces it) -> BatchNormalization -> ReLU, the order of the Keras examples and of ResNet;
   * without it the convolution applies ReLU itself.
   */
  readonly batchNormalization: boolean;
  /** How the feature maps become a vector for the dense head. */
  readonly head: 'flatten' | 'globalAveragePooling';
  /** Hidden dense layers before the softmax output layer. */
  readonly dense: readonly DenseSpec[];
  readonly optimizer: OptimizerSpec;
}
