// Benchmark: training speed of the chapter's `separable` and `regular` convnets written with plain
// tf.layers (plainChapterModels.ts, a `build(context)` module that `kiln train` rebuilds with
// Kiln's layers and fusions) against Kiln's built-in ones.
//
// Both models of a pair are resolved as `kiln train MODEL` resolves them and trained by the same
// `trainModel` (what `kiln train` runs) on the same CIFAR-10 subset, flags and seed, in one
// process, step by step in turn (built-in, plain, plain, built-in, built-in, ...). A step's time is the wall
// (and process CPU) time of its batch; the ratio is the median over step pairs of the built-in's
// step time over the plain one's. On a shared host, separate `kiln train` runs one after the other
// see different loads; steps taken in turn see the same.
//
//   node --import tsx packages/kiln/bench/yourData/userModels.ts [--limit 2560] [--epochs 2] [--warmup 5] [--data ARCHIVE]
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setupBackend } from '../../src/backend/select.js';
import { Callback } from '../../src/callbacks/index.js';
import { trainModel } from '../../src/chapter/trainModel.js';
import { resolveModel } from '../../src/cli/resolveModel.js';
import { loadCifar10, takeBalancedSubset } from '../../src/data/index.js';

const { values } = parseArgs({
  options: {
    limit: { type: 'string', default: '2560' },
    epochs: { type: 'string', default: '2' },
    warmup: { type: 'string', default: '5' },
    data: { type: 'string', default: '/work/shared/data/cifar-10-binary.tar.gz' },
  },
});
const batchSize = 128;
const warmup = Number(values.warmup);
const plainModule = fileURLToPath(new URL('./plainChapterModels.ts', import.meta.url));

/**
 * Lets two trainings take their steps in turn, in the order 0 1 1 0 0 1 1 0 ...: each model's step
 * follows the other's as often as its own, so neither gains from coming second (warm caches).
 */
class Turns {
  private slot = 0;
  private readonly finished = [false, false];
  private wake: (() => void) | undefined;

  private playerOf(slot: number): number {
    const pair = Math.floor(slot / 2);
    return pair % 2 === 0 ? slot % 2 : 1 - (slot % 2);
  }

  /** Resolves when it is `player`'s turn (or the other has no steps left). */
  async wait(player: number): Promise<void> {
    while (this.playerOf(this.slot) !== player && !this.finished[1 - player]) {
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  /** `player` took its step. */
  pass(): void {
    this.slot++;
    this.wake?.();
  }

  finish(player: number): void {
    this.finished[player] = true;
    this.wake?.();
  }
}

class StepTimer extends Callback {
  readonly wallMs: number[] = [];
  readonly cpuMs: number[] = [];
  private started = 0;
  private cpuStarted = process.cpuUsage();

  constructor(
    private readonly turns: Turns,
    private readonly player: number,
  ) {
    super();
  }

  override async onBatchBegin(): Promise<void> {
    await this.turns.wait(this.player);
    this.cpuStarted = process.cpuUsage();
    this.started = performance.now();
  }

  override onBatchEnd(): void {
    this.wallMs.push(performance.now() - this.started);
    const cpu = process.cpuUsage(this.cpuStarted);
    this.cpuMs.push((cpu.user + cpu.system) / 1000);
    this.turns.pass();
  }

  override onTrainEnd(): void {
    this.turns.finish(this.player);
  }
}

const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const quartiles = (xs: readonly number[]): [number, number] => {
  const sorted = [...xs].sort((a, b) => a - b);
  return [sorted[Math.floor((sorted.length - 1) / 4)]!, sorted[Math.ceil((3 * (sorted.length - 1)) / 4)]!];
};

const backend = await setupBackend('onednn');
if (backend !== 'onednn') throw new Error(`the onednn backend did not load (got ${backend}): this bench measures it`);
const dataset = await loadCifar10({ path: values.data });
const train = takeBalancedSubset(dataset.train, Number(values.limit), 1);
const test = takeBalancedSubset(dataset.test, 100, 1);
const loadBefore = loadavg()[0]!;
console.log(
  `kiln train's models on ${train.count} CIFAR-10 images, ${values.epochs} epochs, batch ${batchSize}, onednn; built-in and plain take their steps in turn (first ${warmup} of each left out)`,
);
for (const name of ['separable', 'regular']) {
  process.env.KILN_PLAIN_MODEL = name;
  const turns = new Turns();
  const timers = [new StepTimer(turns, 0), new StepTimer(turns, 1)] as const;
  const sources = [await resolveModel(name), await resolveModel(plainModule)];
  await Promise.all(
    sources.map((resolved, player) =>
      trainModel({
        modelName: resolved.modelName,
        spec: resolved.spec,
        source: resolved.source,
        train,
        test,
        classNames: dataset.classNames,
        datasetName: 'cifar10',
        epochs: Number(values.epochs),
        batchSize,
        seed: 1,
        callbacks: [timers[player]],
      }),
    ),
  );
  const [builtIn, plain] = timers.map((timer) => ({
    wall: timer.wallMs.slice(warmup),
    cpu: timer.cpuMs.slice(warmup),
  }));
  const ratios = builtIn!.wall.map((ms, step) => ms / plain!.wall[step]!);
  const cpuRatios = builtIn!.cpu.map((ms, step) => ms / plain!.cpu[step]!);
  const [low, high] = quartiles(ratios);
  const imagesPerSecond = (ms: number): string => ((1000 * batchSize) / ms).toFixed(0);
  console.log(
    `${name}: built-in ${imagesPerSecond(median(builtIn!.wall))} images/s (${median(builtIn!.wall).toFixed(0)} ms a step), plain tf.layers module ${imagesPerSecond(median(plain!.wall))} images/s (${median(plain!.wall).toFixed(0)} ms); plain / built-in ${median(ratios).toFixed(2)} (quartiles ${low.toFixed(2)}-${high.toFixed(2)} over ${ratios.length} step pairs; in CPU time ${median(cpuRatios).toFixed(2)})`,
  );
}
console.log(
  `load average (1 min) ${loadBefore.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after, on ${cpus().length} cores`,
);
