// kiln.datasets, as keras.datasets and Keras' data utilities: load a data set, then split, subset
// and shuffle it.
export type { Dataset, ImageDataset, ImageSet, TableSet, Task } from '../data/types.js';
export { loadCifar10, type Cifar10LoadOptions } from '../data/cifar10.js';
export { loadFashionMnist, type FashionMnistLoadOptions } from '../data/fashionMnist.js';
export { loadMnist, type MnistLoadOptions } from '../data/mnist.js';
export { loadCifar100, type Cifar100LabelMode, type Cifar100LoadOptions } from '../data/cifar100.js';
export { loadDataset, datasetNames, type DatasetName } from '../data/loadDataset.js';
export { loadImageFolder, type ImageFolderOptions } from '../data/imageFolder.js';
export { loadTable, type TableOptions } from '../data/loadTable.js';
export type { DatasetSourceOptions } from '../data/datasetSource.js';
export { getFile, type GetFileOptions } from '../data/download.js';
export { DatasetError } from '../data/datasetError.js';
export { toCategorical } from '../data/toCategorical.js';
export { validationSplit, type SplittableExamples } from '../data/validationSplit.js';
export { shuffle } from '../data/shuffle.js';
export { takeBalancedSubset } from '../data/takeBalancedSubset.js';
