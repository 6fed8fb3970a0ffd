import { readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { validationSplit, type DatasetName } from '../../data/index.js';
import {
  ENSEMBLE_METHODS,
  isEnsembleFolder,
  StackingEnsembler,
  WeightedMeanEnsembler,
  createEnsembler,
  disagreementMatrix,
  fitAndScore,
  meanPairwiseDisagreement,
  saveEnsemble,
  type EnsembleMethod,
  type Voting,
} from '../../ensembling/index.js';
import { claimOutputFolder } from '../../files/index.js';
import { evaluateProbabilities, reliabilityBins, type Evaluation } from '../../metrics/index.js';
import { loadModel, readModelMetadata } from '../../models/index.js';
import { formatTable } from '../../reports/index.js';
import { predict } from '../../training/index.js';
import { ARTIFACT_DIR_ATTR, loadTrialPredictions, type SplitPredictions } from '../../chapter/index.js';
import { nonDominatedRanks, toLosses, valuesOf } from '../../tuning/index.js';
import { loadData, type LoadedData } from '../loadData.js';
import {
  addDataOptions,
  parseNonNegativeInteger,
  parseOpenFraction,
  parsePositiveInteger,
  type DataOptions,
} from '../options.js';
import { prepareRun } from '../prepareRun.js';
import { runContext, type RunContext } from '../runContext.js';
import { defaultRunFolder } from '../runFolder.js';
import { UsageError } from '../usageError.js';
import { loadNamedStudy, openStorage, storageOption } from './study.js';

interface EnsembleFlags extends Omit<DataOptions, 'dataset'> {
  readonly dataset?: DatasetName;
  readonly models?: string[];
  readonly study?: string;
  readonly storage?: string;
  readonly top: number;
  readonly method: EnsembleMethod;
  readonly voting: Voting;
  readonly rounds: number;
  readonly initBest: number;
  readonly folds: number;
  readonly l2: number;
  readonly validationSplit: number;
  readonly out?: string;
}

/** One member's predictions on the validation rows (to fit the ensemble) and the test set (to judge it). */
interface MemberPredictions {
  readonly name: string;
  /** The saved model folder the ensemble will load at prediction time. */
  readonly modelDir: string;
  readonly val: SplitPredictions;
  readonly test: SplitPredictions;
}

interface ScoredRow {
  readonly name: string;
  readonly validation: Evaluation;
  readonly test: Evaluation;
}

function parseNonNegativeNumber(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !(number >= 0) || !Number.isFinite(number))
    throw new InvalidArgumentError(`'${value}' is not a non-negative number.`);
  return number;
}

/**
 * `kiln ensemble --models DIR...`: fits an ensemble of saved models on their validation
 * predictions, reports members and ensemble on the test set, writes results.json and saves the
 * ensemble (ensemble.json, loadable with `loadEnsemble` / `predictEnsemble`).
 */
export function registerEnsemble(program: Command): void {
  addDataOptions(
    program
      .command('ensemble')
      .description(
        'combine saved models (average, weighted, vote, select, stack), fitted on validation predictions; print members vs ensemble and save it',
      )
      .option(
        '--models <dir...>',
        'model folders from `kiln train`/`kiln compare` (predicted on the held-out validation split: pass the --limit and --seed they were trained with) or trial folders of `kiln tune` (their saved predictions are used)',
      )
      .option(
        '--study <name>',
        'instead of --models: the best --top COMPLETE trials of this `kiln tune` study (their saved predictions are used); of a multi-objective study, its Pareto front first, best on the first objective first',
      )
      .addOption(storageOption())
      .option('--top <k>', 'with --study: how many of the best trials to combine', parsePositiveInteger, 5)
      .addOption(
        new Option('--method <name>', 'how to combine the members').choices(ENSEMBLE_METHODS).default('average'),
      )
      .addOption(
        new Option('--voting <kind>', "for --method vote: 'hard' counts argmax votes, 'soft' averages probabilities")
          .choices(['hard', 'soft'])
          .default('hard'),
      )
      .option('--rounds <n>', 'for --method select: members added, repeats included', parsePositiveInteger, 50)
      .option(
        '--init-best <n>',
        'for --method select: start from the N best single members',
        parseNonNegativeInteger,
        0,
      )
      .option(
        '--folds <k>',
        'for --method stack: cross-validation folds over the validation rows',
        parsePositiveInteger,
        5,
      )
      .option(
        '--l2 <strength>',
        'for --method stack: L2 penalty of the softmax regression',
        parseNonNegativeNumber,
        1e-3,
      )
      .option(
        '--validation-split <fraction>',
        'last fraction of the training images the members did not train on (as `kiln train --validation-split`)',
        parseOpenFraction,
        0.2,
      )
      .option('--out <dir>', 'folder for ensemble.json and results.json (default: runs/ensemble-<timestamp>)'),
    { datasetFromModel: true },
  ).action(async (options: EnsembleFlags) => {
    const context = runContext();
    if ((options.models === undefined) === (options.study === undefined))
      throw new UsageError('pass the members with exactly one of --models DIR... or --study NAME');
    const out = options.out ?? defaultRunFolder('ensemble');
    const claim = await claimOutputFolder(out, ensembleFolderKind);
    try {
      for (const note of claim.notes) process.stderr.write(`kiln: ${note}\n`);
      await buildEnsemble(options, context, out);
    } finally {
      claim.release();
    }
  });
}

/** What `kiln ensemble --out` may replace: an earlier ensemble (never a model's or anything else's folder). */
const ensembleFolderKind = { description: 'Kiln ensemble', isArtifact: isEnsembleFolder };

async function buildEnsemble(options: EnsembleFlags, context: RunContext, out: string): Promise<void> {
  const settings = await prepareRun(options);
  const folders =
    options.study === undefined ? options.models! : await bestTrialFolders(options.study, options.storage, options.top);
  await checkSameTraining(folders, options);
  const members = await collectMembers(folders, options, settings.seed);
  checkSameRows(members);
  const ensembler = createEnsembler(options.method, {
    vote: { voting: options.voting },
    select: { rounds: options.rounds, initBest: options.initBest },
    stack: { folds: options.folds, l2: options.l2 },
  });
  const valLabels = members[0]!.val.labels;
  const testLabels = members[0]!.test.labels;
  const testMembers = members.map((member) => member.test.probabilities);
  const scores = fitAndScore(
    ensembler,
    { members: members.map((member) => member.val.probabilities), labels: valLabels },
    { members: testMembers, labels: testLabels },
  );
  const rows: ScoredRow[] = members.map((member) => ({
    name: member.name,
    validation: evaluateProbabilities(member.val.probabilities, valLabels),
    test: evaluateProbabilities(member.test.probabilities, testLabels),
  }));
  const ensembleRow: ScoredRow = { name: `ensemble (${options.method})`, ...scores };
  const ensembleTest = ensembler.predict(testMembers);
  const results = {
    ...context,
    options,
    backend: settings.backend,
    method: options.method,
    state: ensembler.getState(),
    validationRows: valLabels.length,
    testRows: testLabels.length,
    members: rows.map((row, index) => ({ ...row, modelDir: members[index]!.modelDir })),
    ensemble: { ...ensembleRow, validationIsOutOfFold: ensembler instanceof StackingEnsembler },
    diversity: {
      meanPairwiseDisagreement: meanPairwiseDisagreement(testMembers),
      disagreementMatrix: disagreementMatrix(testMembers),
    },
    reliability: Object.fromEntries([
      ...members.map((member) => [member.name, reliabilityBins(member.test.probabilities, testLabels)]),
      [ensembleRow.name, reliabilityBins(ensembleTest, testLabels)],
    ]),
    createdAt: new Date().toISOString(),
  };
  // ensemble.json and results.json replace an earlier ensemble together, or not at all.
  await saveEnsemble(
    out,
    { members: members.map((member) => member.modelDir), ensembler },
    { 'results.json': `${JSON.stringify(results, null, 2)}\n` },
  );
  const weights = ensembler instanceof WeightedMeanEnsembler ? ensembler.weights : undefined;
  const validationNote =
    ensembler instanceof StackingEnsembler
      ? `out-of-fold (${ensembler.folds}-fold cross-validation over the validation rows)`
      : options.method === 'weighted' || options.method === 'select'
        ? 'in-sample (the weights were fitted on these rows, so it is optimistic)'
        : 'held out (nothing was fitted on these rows)';
  process.stdout.write(formatReport(rows, ensembleRow, results.diversity.meanPairwiseDisagreement, weights));
  process.stdout.write(`the ensemble's val acc is ${validationNote}\n`);
  process.stdout.write(`saved ensemble: ${join(out, 'ensemble.json')}\nresults: ${join(out, 'results.json')}\n`);
}

/**
 * The artifact folders of the study's `top` best COMPLETE trials, best first. In a multi-objective
 * study, the Pareto front comes first, then the front of the rest, and so on; within each front,
 * the trials best on the first objective (e.g. val_accuracy) come first.
 */
async function bestTrialFolders(studyName: string, storageUrl: string | undefined, top: number): Promise<string[]> {
  const storage = await openStorage(storageUrl, { readOnly: true });
  try {
    const study = await loadNamedStudy(storage, studyName);
    const sign = study.directions[0] === 'maximize' ? -1 : 1;
    const saved = study.trials.filter(
      (trial) => trial.state === 'COMPLETE' && typeof trial.userAttrs[ARTIFACT_DIR_ATTR] === 'string',
    );
    const ranks = nonDominatedRanks(saved.map((trial) => toLosses(valuesOf(trial)!, study.directions)));
    const rankOf = new Map(saved.map((trial, i) => [trial, ranks[i]!]));
    const complete = saved.sort(
      (a, b) => rankOf.get(a)! - rankOf.get(b)! || sign * (valuesOf(a)![0]! - valuesOf(b)![0]!) || a.number - b.number,
    );
    if (complete.length === 0)
      throw new UsageError(
        `study '${studyName}' has no COMPLETE trial with saved predictions: run \`kiln tune\` on it first`,
      );
    return complete.slice(0, top).map((trial) => trial.userAttrs[ARTIFACT_DIR_ATTR] as string);
  } finally {
    await storage.close();
  }
}

/**
 * Each folder's validation and test predictions: read from a `kiln tune` trial folder, else
 * computed by loading the saved model and predicting the held-out split and the test set.
 */
async function collectMembers(
  dirs: readonly string[],
  options: EnsembleFlags,
  seed: number,
): Promise<MemberPredictions[]> {
  let data: LoadedData | undefined;
  const members: MemberPredictions[] = [];
  for (const dir of dirs) {
    const info = await stat(dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw new UsageError(`--models ${dir} cannot be read: ${error.message}`);
    });
    if (!info?.isDirectory())
      throw new UsageError(
        `--models ${dir} ${info === undefined ? 'does not exist' : 'is not a folder'}: pass saved model or trial folders`,
      );
    if (await stat(join(dir, 'predictions.json')).catch(() => undefined)) {
      members.push({
        name: basename(resolve(dir)),
        modelDir: join(dir, 'model'),
        val: await loadTrialPredictions(dir, 'val'),
        test: await loadTrialPredictions(dir, 'test'),
      });
      continue;
    }
    if (options.limit !== undefined && options.seed === undefined) {
      // A random seed would draw another subset, whose held-out rows the members may have trained on.
      throw new UsageError(
        `--limit draws a random subset: pass the --seed ${dir} was trained with, so the validation rows are the ones it held out`,
      );
    }
    const { model, metadata } = await loadModel(dir);
    try {
      data ??= await loadData({ ...options, dataset: options.dataset ?? (metadata.dataset as DatasetName) }, seed);
      const { validation } = validationSplit(data.train, options.validationSplit);
      const batch = { batchSize: options.batchSize };
      members.push({
        name: basename(resolve(dir)),
        modelDir: dir,
        val: { probabilities: predict(model, validation, batch), labels: validation.labels },
        test: { probabilities: predict(model, data.test, batch), labels: data.test.labels },
      });
    } finally {
      model.dispose();
    }
  }
  return members;
}

/** What a member folder says about how it was trained: its model's metadata and, from `kiln train`, its run.json. */
interface MemberTraining {
  readonly dir: string;
  readonly dataset: string;
  readonly inputShape: string;
  readonly run: { readonly seed?: number; readonly limit?: number | null; readonly validationSplit?: number } | null;
}

async function memberTraining(dir: string): Promise<MemberTraining | null> {
  const isTrial = (await stat(join(dir, 'predictions.json')).catch(() => undefined)) !== undefined;
  const metadata = await readModelMetadata(isTrial ? join(dir, 'model') : dir);
  if (metadata === null) return null;
  const run = isTrial
    ? null
    : await readFile(join(dir, 'run.json'), 'utf8').then(
        (text) => JSON.parse(text) as MemberTraining['run'],
        () => null,
      );
  return { dir, dataset: metadata.dataset ?? 'an unknown dataset', inputShape: metadata.inputShape.join('x'), run };
}

/**
 * Members trained on different datasets cannot be combined: say so before loading any data. Members
 * trained on other subsets (--limit, --seed, --validation-split) than the ensemble's validation rows
 * may have trained on those rows: warn, since their validation figures are then optimistic.
 */
async function checkSameTraining(dirs: readonly string[], options: EnsembleFlags): Promise<void> {
  const trainings = (await Promise.all(dirs.map(memberTraining))).filter((t): t is MemberTraining => t !== null);
  const first = trainings[0];
  if (first === undefined) return;
  const describe = (t: MemberTraining): string => `${t.dir} on ${t.dataset} (${t.inputShape} images)`;
  const other = trainings.find((t) => t.dataset !== first.dataset || t.inputShape !== first.inputShape);
  if (other !== undefined) {
    throw new UsageError(
      `the members were trained on different datasets: ${describe(first)}, ${describe(other)}; ensemble models trained on the same dataset`,
    );
  }
  if (options.dataset !== undefined && options.dataset !== first.dataset) {
    throw new UsageError(`--dataset ${options.dataset}: the members were trained on ${first.dataset}`);
  }
  const subset = (limit: number | null | undefined, seed: number | undefined, split: number | undefined): string =>
    `--limit ${limit ?? 'none'}${limit == null ? '' : ` --seed ${seed ?? 'random'}`} --validation-split ${split}`;
  const wanted = subset(options.limit, options.seed, options.validationSplit);
  for (const { dir, run } of trainings) {
    if (run === null) continue;
    const used = subset(run.limit, run.seed, run.validationSplit);
    if (used !== wanted) {
      process.stderr.write(
        `kiln: warning: ${dir} was trained with ${used} but this ensemble holds out the rows of ${wanted}: ` +
          'those rows may include images it trained on, so its validation figures and the fitted ensemble are optimistic; pass the flags it was trained with\n',
      );
    }
  }
}

/** Members fitted or tested on different rows cannot be combined: say so before fitting. */
function checkSameRows(members: readonly MemberPredictions[]): void {
  const first = members[0]!;
  for (const member of members.slice(1)) {
    for (const split of ['val', 'test'] as const) {
      const [a, b] = [first[split].labels, member[split].labels];
      if (a.length !== b.length || a.some((label, row) => label !== b[row])) {
        throw new UsageError(
          `${member.name} has ${split} predictions for other rows than ${first.name} (${b.length} vs ${a.length} rows, or different labels): ensemble models validated on the same data (same --dataset, --limit, --seed and --validation-split)`,
        );
      }
    }
  }
}

/** Members then the ensemble, with each member's weight when the method fits weights. */
function formatReport(
  rows: readonly ScoredRow[],
  ensembleRow: ScoredRow,
  disagreement: number,
  weights: readonly number[] | undefined,
): string {
  const cells = (row: ScoredRow, weight?: number): string[] => [
    row.name,
    weight === undefined ? '' : weight.toFixed(3),
    row.validation.accuracy.toFixed(4),
    row.test.accuracy.toFixed(4),
    row.test.loss.toFixed(4),
    row.test.expectedCalibrationError.toFixed(4),
  ];
  const table = formatTable(
    [
      { header: 'model' },
      { header: 'weight', align: 'right' },
      { header: 'val acc', align: 'right' },
      { header: 'test acc', align: 'right' },
      { header: 'test loss', align: 'right' },
      { header: 'test ECE', align: 'right' },
    ],
    [...rows.map((row, index) => cells(row, weights?.[index])), cells(ensembleRow)],
  );
  return `${table}mean pairwise disagreement of the members on the test set: ${disagreement.toFixed(4)}\n`;
}
