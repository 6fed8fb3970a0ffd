import { PNG } from 'pngjs';
import type { ImageSet } from '../data/index.js';
import { argmaxRows, confusionMatrix, type ProbabilityMatrix } from '../metrics/index.js';

/** A test image the model got wrong, with the PNG a report shows. */
export interface Mistake {
  /** Row of the test set. */
  readonly index: number;
  readonly label: string;
  readonly predicted: string;
  /** The probability the model gave its (wrong) prediction. */
  readonly confidence: number;
  /** The image as a base64 PNG. */
  readonly png: string;
}

/** What a report shows of a model's test predictions besides loss and accuracy. */
export interface TestDiagnostics {
  readonly classNames: readonly string[];
  /** `confusionMatrix[true][predicted]` = test images. */
  readonly confusionMatrix: number[][];
  /** The most confidently wrong test images, most confident first. */
  readonly confidentlyWrong: readonly Mistake[];
}

/** The confusion matrix and the `count` most confidently wrong images of `test`, as a run records them. */
export function testDiagnostics(
  probabilities: ProbabilityMatrix,
  test: ImageSet,
  classNames: readonly string[],
  count = 16,
): TestDiagnostics {
  const predicted = argmaxRows(probabilities);
  const wrong: { index: number; confidence: number }[] = [];
  predicted.forEach((guess, index) => {
    if (guess !== test.labels[index])
      wrong.push({ index, confidence: probabilities.data[index * probabilities.classes + guess]! });
  });
  wrong.sort((a, b) => b.confidence - a.confidence || a.index - b.index);
  const name = (label: number): string => classNames[label] ?? String(label);
  return {
    classNames,
    confusionMatrix: confusionMatrix(probabilities, test.labels),
    confidentlyWrong: wrong.slice(0, count).map(({ index, confidence }) => ({
      index,
      label: name(test.labels[index]!),
      predicted: name(predicted[index]!),
      confidence,
      png: imagePng(test, index).toString('base64'),
    })),
  };
}

/** Image `index` of the set (grey or RGB, uint8 NHWC) as PNG bytes. */
export function imagePng(set: ImageSet, index: number): Buffer {
  const { width, height, channels } = set;
  const png = new PNG({ width, height });
  const offset = index * width * height * channels;
  for (let pixel = 0; pixel < width * height; pixel++) {
    for (let channel = 0; channel < 3; channel++) {
      png.data[pixel * 4 + channel] = set.images[offset + pixel * channels + (channels === 1 ? 0 : channel)]!;
    }
    png.data[pixel * 4 + 3] = 255;
  }
  return PNG.sync.write(png);
}
