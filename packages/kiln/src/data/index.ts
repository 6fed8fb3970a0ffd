// What the rest of Kiln imports from the data concern; users see the curated names of src/api/ (src/index.ts).
export type {
  CategoricalColumn,
  Dataset,
  Examples,
  ImageDataset,
  ImageSet,
  NumericColumn,
  SkippedFile,
  TablePreprocessing,
  TableSet,
  TargetScale,
  Task,
} from './types.js';
export {
  examplesToTensors,
  exampleShape,
  gatherExamples,
  hasTargets,
  isImageSet,
  outputUnits,
  shuffleExamples,
  sliceExamples,
  splitExamples,
  taskOf,
  type ExampleTensors,
} from './examples.js';
export { datasetFingerprint } from './fingerprint.js';
export { decodeImage, imageSize, type ColorMode, type DecodedImage } from './decodeImage.js';
export { loadImageFolder, imageExtensions, type ImageFolderOptions } from './imageFolder.js';
export { readTable, isMissing, type RawTable, type TableRecord } from './readTable.js';
export {
  fitTablePreprocessing,
  transformTable,
  maxIntegerClasses,
  type FitTableOptions,
} from './tablePreprocessing.js';
export { loadTable, type TableOptions } from './loadTable.js';
export { DatasetError } from './datasetError.js';
export type { DatasetSourceOptions } from './datasetSource.js';
export { kilnHome, datasetCacheDir } from './cacheDir.js';
export { getFile, md5File, type GetFileOptions } from './download.js';
export type { DownloadProgress } from './progressBar.js';
export { loadCifar10, cifar10Url, cifar10Md5, type Cifar10LoadOptions } from './cifar10.js';
export {
  loadCifar100,
  cifar100Url,
  cifar100Md5,
  type Cifar100LabelMode,
  type Cifar100LoadOptions,
} from './cifar100.js';
export { loadMnist, mnistBaseUrl, mnistMd5, mnistClassNames, type MnistLoadOptions } from './mnist.js';
export type { IdxDatasetLoadOptions, IdxFile } from './idxDataset.js';
export {
  loadFashionMnist,
  fashionMnistBaseUrl,
  fashionMnistMd5,
  fashionMnistClassNames,
  type FashionMnistFile,
  type FashionMnistLoadOptions,
} from './fashionMnist.js';
export { loadDataset, datasetNames, type DatasetName } from './loadDataset.js';
export { parseIdx, type IdxArray } from './idx.js';
export { toCategorical } from './toCategorical.js';
export { scaleImages } from './scaleImages.js';
export { validationSplit, type SplittableExamples } from './validationSplit.js';
export { gatherImages, sliceImages } from './imageSubsets.js';
export { shuffle, shuffledIndices } from './shuffle.js';
export { takeBalancedSubset } from './takeBalancedSubset.js';
export { imageSetToTensors, type ImageTensors } from './imageSetToTensors.js';
export { wantsLiveProgress } from './progressBar.js';
