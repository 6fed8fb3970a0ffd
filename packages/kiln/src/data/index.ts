// Public API of the data concern; re-exported by src/index.ts.
export type { ImageDataset, ImageSet } from './types.js';
export { DatasetError } from './datasetError.js';
export type { DatasetSourceOptions } from './datasetSource.js';
export { kilnHome, datasetCacheDir } from './cacheDir.js';
export { getFile, md5File, type GetFileOptions } from './download.js';
export type { DownloadProgress } from './progressBar.js';
export { loadCifar10, cifar10Url, cifar10Md5, type Cifar10LoadOptions } from './cifar10.js';
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
export { validationSplit } from './validationSplit.js';
export { gatherImages, sliceImages } from './imageSubsets.js';
export { shuffle, shuffledIndices } from './shuffle.js';
export { takeBalancedSubset } from './takeBalancedSubset.js';
export { imageSetToTensors, type ImageTensors } from './imageSetToTensors.js';
