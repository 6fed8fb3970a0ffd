import { Command, InvalidArgumentError, Option } from 'commander';
import { datasetNames, wantsLiveProgress, type ColorMode, type DatasetName, type Task } from '../data/index.js';
import { optimizerNames, type OptimizerName } from '../optimizers/index.js';
import type { Verbosity } from '../callbacks/index.js';
import type { Augmentation } from '../models/index.js';

/** Flags every data-reading command takes. */
export interface DataOptions {
  readonly data?: string;
  readonly dataset: DatasetName;
  readonly limit?: number;
  readonly seed?: number;
  readonly backend?: string;
  readonly verbose: Verbosity;
  readonly batchSize: number;
}

export const learningRateScheduleNames = ['cosine', 'onecycle', 'step', 'exponential'] as const;
export type LearningRateScheduleName = (typeof learningRateScheduleNames)[number];

/** Flags of the commands that train. */
export interface TrainingOptions extends DataOptions {
  readonly epochs: number;
  readonly validationSplit: number;
  /** Patience of early stopping on the validation loss; none when absent. */
  readonly earlyStopping?: number;
  readonly checkpoint?: 'best' | 'last';
  readonly lrSchedule?: LearningRateScheduleName;
  /** Patience of ReduceLROnPlateau (true: the flag without a value). */
  readonly reduceLrOnPlateau?: number | true;
  /** The backup folder; false with --no-backup; absent: the default (on from `backupEpochThreshold` epochs). */
  readonly backup?: string | false;
  /** Back up every N batches too (Keras' `save_freq=N`), besides every epoch; turns backups on. */
  readonly backupEvery?: number;
  /** Augmentation layers in front of the model (`--augment flip,translate=2,cutout=8`). */
  readonly augment?: Augmentation;
}

export function parsePositiveInteger(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(number) || number < 1) {
    throw new InvalidArgumentError(`'${value}' is not a positive integer.`);
  }
  return number;
}

export function parseNonNegativeInteger(value: string): number {
  return value.trim() === '0' ? 0 : parsePositiveInteger(value);
}

/** A number below 1 and above 0, or at least 0 with `allowZero`. */
function parseFractionBelowOne(value: string, allowZero: boolean): number {
  const number = Number(value);
  const aboveLow = allowZero ? number >= 0 : number > 0;
  if (value.trim() === '' || !(aboveLow && number < 1)) {
    throw new InvalidArgumentError(`'${value}' is not a fraction in ${allowZero ? '[0, 1)' : '(0, 1)'}.`);
  }
  return number;
}

const parseFraction = (value: string): number => parseFractionBelowOne(value, true);

export const parseOpenFraction = (value: string): number => parseFractionBelowOne(value, false);

function parseVerbosity(value: string): Verbosity {
  if (value !== '0' && value !== '1' && value !== '2') throw new InvalidArgumentError(`'${value}' is not 0, 1 or 2.`);
  return Number(value) as Verbosity;
}

/** The backend and logging flags, on every command. */
export function addBackendOptions(command: Command): Command {
  return command
    .option('--backend <name>', 'tfjs backend to compute on (default: $KILN_BACKEND, else the fastest available)')
    .option(
      '--verbose <level>',
      'Keras verbosity: 0 silent, 1 progress bar, 2 one line per epoch',
      parseVerbosity,
      wantsLiveProgress() ? 1 : 2,
    );
}

/**
 * The dataset flags (`--data`, `--dataset`, `--limit`, `--seed`, `--batch-size`) plus the backend
 * ones. Commands reading a saved model default `--dataset` to the model's (`datasetFromModel`).
 */
export function addDataOptions(command: Command, { datasetFromModel = false } = {}): Command {
  const dataset = new Option(
    '--dataset <name>',
    datasetFromModel ? 'dataset (default: the one the model was trained on)' : 'dataset',
  ).choices(datasetNames);
  return addBackendOptions(
    command
      .option('--data <path>', 'local copy of the dataset (archive or folder); default: the download cache')
      .addOption(datasetFromModel ? dataset : dataset.default('cifar10'))
      .option(
        '--limit <n>',
        'use a class-balanced random subset of N training images, and of the test set in proportion',
        parsePositiveInteger,
      )
      .option(
        '--seed <n>',
        'random seed for subsets, initial weights and shuffling (default: random, printed)',
        parseNonNegativeInteger,
      )
      .option('--batch-size <n>', 'images per batch', parsePositiveInteger, 128),
  );
}

/** `--backup-every N`: backups every N batches as well as at every epoch's end (Keras' `save_freq`). */
export function backupEveryOption(what: string): Option {
  return new Option(
    '--backup-every <batches>',
    `${what} (Keras' save_freq; a kill then loses at most N batches)`,
  ).argParser((value) => {
    try {
      return parsePositiveInteger(value);
    } catch {
      throw new InvalidArgumentError(`'${value}' is not a positive whole number of batches (e.g. 50).`);
    }
  });
}

/** Backups are on by default for runs of at least this many epochs. */
export const backupEpochThreshold = 4;

/** The data flags plus `--epochs`, `--validation-split` and the callbacks' flags. */
export function addTrainingOptions(command: Command): Command {
  return addDataOptions(command)
    .option('--epochs <n>', 'epochs to train, as many as the chapter by default', parsePositiveInteger, 12)
    .option(
      '--validation-split <fraction>',
      'last fraction of the training images held out for validation (0: none)',
      parseFraction,
      0.2,
    )
    .option(
      '--early-stopping <patience>',
      "stop when val_loss (loss without validation) has not improved for PATIENCE epochs, and keep the best epoch's weights",
      parsePositiveInteger,
    )
    .addOption(
      new Option(
        '--checkpoint <which>',
        'keep a checkpoint in the run folder: best (lowest val_loss so far) or last (every epoch), a loadable model',
      ).choices(['best', 'last']),
    )
    .addOption(
      new Option(
        '--lr-schedule <name>',
        "schedule the learning rate per step from the model's: cosine (5% warm-up), onecycle, step (÷10 each third), exponential (to ÷100)",
      ).choices(learningRateScheduleNames),
    )
    .option(
      '--reduce-lr-on-plateau [patience]',
      'divide the learning rate by 10 after PATIENCE epochs (default 3) without val_loss improving',
      parsePositiveInteger,
    )
    .option(
      '--backup <dir>',
      `back up the training after every epoch to DIR; rerunning the same command resumes it exactly (default: on for --epochs ${backupEpochThreshold} and more, beside the run folder)`,
    )
    .option('--no-backup', 'no backups')
    .addOption(backupEveryOption('back up after every N batches as well as after every epoch (turns backups on)'))
    .option(
      '--augment <list>',
      "augment the training images on the fly, in front of the model (identity when testing): flip (left-right), translate[=N] (up to N pixels, reflect-padded, default 2), cutout[=N] (an NxN square, default a quarter of the side), e.g. 'flip,translate=2'",
      parseAugmentation,
    );
}

/** `flip,translate=2,cutout=8` as an Augmentation (translate defaults to 2 pixels, cutout to 0, meaning a quarter of the side). */
export function parseAugmentation(value: string): Augmentation {
  const augmentation: { flip?: boolean; translate?: number; cutout?: number } = {};
  for (const item of value.split(',').map((part) => part.trim())) {
    const [name, pixels, ...rest] = item.split('=');
    const count = pixels === undefined ? undefined : Number(pixels);
    const wrong = (): InvalidArgumentError =>
      new InvalidArgumentError(
        `'${item}' in '${value}' is not flip, translate[=N] or cutout[=N] (N a whole number of pixels), e.g. 'flip,translate=2'.`,
      );
    if (rest.length > 0 || (count !== undefined && !(Number.isInteger(count) && count >= 1))) throw wrong();
    if (name === 'flip' && count === undefined) augmentation.flip = true;
    else if (name === 'translate') augmentation.translate = count ?? 2;
    else if (name === 'cutout') augmentation.cutout = count ?? 0;
    else throw wrong();
  }
  return augmentation;
}

/** The flags that describe the user's own data (an image folder or a table) and the training configuration. */
export interface UserDataOptions {
  readonly target?: string;
  readonly ignore?: readonly string[];
  readonly task?: Task;
  readonly testData?: string;
  readonly testSplit?: number;
  readonly imageSize?: readonly [number, number];
  readonly colorMode: ColorMode;
  readonly skipBadImages?: boolean;
  readonly optimizer?: OptimizerName;
  readonly learningRate?: number;
}

function parseImageSize(value: string): readonly [number, number] {
  const match = /^\s*(\d+)\s*[,x]\s*(\d+)\s*$/.exec(value);
  const [height, width] = match === null ? [0, 0] : [Number(match[1]), Number(match[2])];
  if (!(height >= 1 && width >= 1)) throw new InvalidArgumentError(`'${value}' is not HEIGHT,WIDTH (e.g. 64,64).`);
  return [height, width];
}

function parsePositiveNumber(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !(number > 0) || !Number.isFinite(number))
    throw new InvalidArgumentError(`'${value}' is not a positive number.`);
  return number;
}

/**
 * Flags for training on the user's data: `--data DIR` of class folders of images or `--data
 * FILE.csv|.json` with `--target`, their test set, and the optimizer of a model that has none.
 */
export function addUserDataOptions(command: Command): Command {
  return command
    .option('--target <column>', 'for a table (--data FILE.csv or .json): the column to predict')
    .option('--ignore <columns>', 'for a table: columns to leave out, comma-separated (names, identifiers)', (value) =>
      value
        .split(',')
        .map((column) => column.trim())
        .filter(Boolean),
    )
    .addOption(
      new Option(
        '--task <task>',
        'for a table: what to learn (default: classification for a string target or few integer values)',
      ).choices(['classification', 'regression']),
    )
    .option('--test-data <path>', 'for an image folder or a table: the test images (a folder) or rows (a file)')
    .option(
      '--test-split <fraction>',
      'for an image folder or a table: a seeded random fraction held out for testing (default 0.2 without --test-data)',
      parseOpenFraction,
    )
    .option(
      '--image-size <h,w>',
      "for an image folder: the size images are resized to (default: the images' own, when all agree)",
      parseImageSize,
    )
    .addOption(
      new Option('--color-mode <mode>', 'for an image folder: channels to decode')
        .choices(['rgb', 'grayscale'])
        .default('rgb'),
    )
    .option(
      '--skip-bad-images',
      'for an image folder: skip (and count) images that cannot be decoded instead of failing',
    )
    .addOption(
      new Option('--optimizer <name>', "optimizer (default: the model file's, else the chapter's rmsprop)").choices(
        optimizerNames,
      ),
    )
    .option(
      '--learning-rate <rate>',
      "learning rate (default: the model file's, else the optimizer's Keras default)",
      parsePositiveNumber,
    );
}
