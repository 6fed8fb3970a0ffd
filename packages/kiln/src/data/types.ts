/**
 * The in-memory shape of an image-classification dataset, as Keras' `load_data()` gives it:
 * images NHWC uint8 (0..255), one integer label per image.
 */
export interface ImageSet {
  /** NHWC pixels, `count * height * width * channels` bytes. */
  readonly images: Uint8Array;
  /** One class index per image. */
  readonly labels: Uint8Array;
  readonly count: number;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

/** `(xTrain, yTrain), (xTest, yTest)` plus the class names. */
export interface ImageDataset {
  readonly name: string;
  readonly train: ImageSet;
  readonly test: ImageSet;
  readonly classNames: readonly string[];
}
