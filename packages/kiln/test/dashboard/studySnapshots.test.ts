import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { chartsFor, dashboardCharts, HISTORY_POINTS } from '../../src/dashboard/studyChartEndpoints.js';
import {
  BEST_KEPT,
  LATEST_KEPT,
  sampleTrialNumbers,
  SAMPLED_TRIALS,
  StudySnapshots,
} from '../../src/dashboard/studySnapshots.js';
import { historyRows, type TrialSummary } from '../../src/reports/charts/studyCharts.js';
import {
  METRIC_NAMES_ATTR,
  SqliteStorage,
  trialPagesOf,
  type Storage,
  type TrialPages,
} from '../../src/tuning/index.js';

const summary = (number: number, value: number | null, state: TrialSummary['state'] = 'COMPLETE'): TrialSummary => ({
  number,
  state,
  value,
  start: null,
  complete: null,
});

test('sampleTrialNumbers keeps every trial of a small study, and of a large one the best, the latest and an even stride', () => {
  const small = Array.from({ length: 30 }, (_, number) => summary(number, number));
  assert.deepEqual(sampleTrialNumbers(small, ['minimize']), { numbers: small.map((t) => t.number), note: null });

  const total = 5000;
  // Values rise with the number, except a few good trials hidden in the middle.
  const hidden = [1234, 2345, 3456];
  const large = Array.from({ length: total }, (_, number) =>
    summary(number, hidden.includes(number) ? -1 : number, number % 10 === 3 ? 'PRUNED' : 'COMPLETE'),
  );
  const { numbers, note } = sampleTrialNumbers(large, ['minimize']);
  assert.ok(numbers.length <= SAMPLED_TRIALS, `${numbers.length} trials`);
  assert.deepEqual(
    numbers,
    [...new Set(numbers)].sort((a, b) => a - b),
  );
  for (const number of hidden) assert.ok(numbers.includes(number), `best trial ${number} kept`);
  for (let number = total - LATEST_KEPT; number < total; number++) assert.ok(numbers.includes(number));
  assert.match(note!, /of 5,000 trials: the 50 best, the latest 200 and one in every 8$/);
  assert.ok(numbers.filter((n) => n % 8 === 0).length === total / 8, 'every 8th trial');
  // A maximized study keeps its highest values instead.
  const best = sampleTrialNumbers(large, ['maximize']).numbers;
  const complete = large.filter((t) => t.state === 'COMPLETE');
  for (const trial of complete.slice(-BEST_KEPT)) assert.ok(best.includes(trial.number));
  // One more trial does not move the stride: the sample grows by the new trial only.
  const grown = sampleTrialNumbers([...large, summary(total, 99)], ['minimize']).numbers;
  assert.deepEqual(
    grown.filter((n) => n >= total - LATEST_KEPT + 1),
    numbers.filter((n) => n >= total - LATEST_KEPT + 1).concat(total),
  );
});

test('sampleTrialNumbers keeps the Pareto front of a large study of several objectives', () => {
  const total = 3000;
  // Minimize both: trials 0..49 (but every 7th) lie on the front x + y = 1, the others well behind it.
  const summaries = Array.from({ length: total }, (_, number): TrialSummary => {
    const onFront = number < 50 && number % 7 !== 3;
    const x = ((number * 37) % 101) / 101;
    const values = onFront ? [x, 1 - x] : [x + 0.5, 1.5 - x - ((number * 13) % 7) / 100];
    return { ...summary(number, null, number % 11 === 5 && !onFront ? 'PRUNED' : 'COMPLETE'), values };
  });
  const { numbers, note } = sampleTrialNumbers(summaries, ['minimize', 'minimize']);
  const front = summaries.filter((trial) => trial.number < 50 && trial.number % 7 !== 3).map((trial) => trial.number);
  for (const number of front) assert.ok(numbers.includes(number), `front trial ${number} kept`);
  assert.match(note!, new RegExp(`of 3,000 trials: ${front.length} of the Pareto front, the latest 200`));
});

/** Counts the trials each kind of read asks for, so the test sees what a new snapshot reads again. */
function countingPages(pages: TrialPages): TrialPages & { outlinesRead: number; trialsRead: number } {
  const counted = {
    outlinesRead: 0,
    trialsRead: 0,
    getTrialPage: pages.getTrialPage.bind(pages),
    getStudyDigest: pages.getStudyDigest.bind(pages),
    getTrialOutlines: async (...args: Parameters<TrialPages['getTrialOutlines']>) => {
      const outlines = await pages.getTrialOutlines(...args);
      counted.outlinesRead += outlines.length;
      return outlines;
    },
    getTrialsByNumber: async (...args: Parameters<TrialPages['getTrialsByNumber']>) => {
      const trials = await pages.getTrialsByNumber(...args);
      counted.trialsRead += trials.length;
      return trials;
    },
  };
  return counted;
}

async function addTrial(storage: Storage, studyId: number, x: number, state: 'COMPLETE' | 'RUNNING'): Promise<number> {
  const trialId = await storage.createTrial(studyId, { state: 'RUNNING' });
  await storage.setTrialParam(trialId, 'x', x, { type: 'float', low: 0, high: 1, log: false });
  await storage.setTrialParam(trialId, 'y', 1 - x, { type: 'float', low: 0, high: 1, log: false });
  await storage.setTrialUserAttr(trialId, 'worker', `w${trialId % 2}`);
  await storage.setTrialIntermediateValue(trialId, 1, x);
  if (state === 'COMPLETE') await storage.setTrialStateValue(trialId, 'COMPLETE', (x - 0.3) ** 2);
  return trialId;
}

test('a new snapshot reads only the trials added or unfinished since the last, and its charts match the whole study', async () => {
  const root = await mkdtemp(join(tmpdir(), 'kiln-snapshots-'));
  const storage = await SqliteStorage.open(join(root, 'studies.db'));
  try {
    const studyId = await storage.createStudy('snap', 'minimize');
    for (let i = 0; i < 20; i++) await addTrial(storage, studyId, ((i * 7919) % 101) / 100, 'COMPLETE');
    const running = await addTrial(storage, studyId, 0.5, 'RUNNING');
    const pages = countingPages(trialPagesOf(storage));
    const snapshots = new StudySnapshots(storage, pages);
    const digest = await pages.getStudyDigest(studyId);
    const first = await snapshots.get(studyId, digest.version);
    await first.sample();
    assert.deepEqual([pages.outlinesRead, pages.trialsRead], [21, 21]);
    assert.equal(await snapshots.get(studyId, digest.version), first, 'same version, same snapshot');
    assert.deepEqual([pages.outlinesRead, pages.trialsRead], [21, 21], 'nothing read again');

    await storage.setTrialStateValue(running, 'COMPLETE', -1);
    await addTrial(storage, studyId, 0.9, 'COMPLETE');
    const second = await snapshots.get(studyId, (await pages.getStudyDigest(studyId)).version);
    const sample = await second.sample();
    assert.deepEqual(
      [pages.outlinesRead, pages.trialsRead],
      [21 + 2, 21 + 2],
      'the finished running trial and the new one',
    );

    const all = await storage.getAllTrials(studyId);
    assert.deepEqual(
      second.summaries.map((t) => [t.number, t.state, t.value, t.worker]),
      all.map((t) => [t.number, t.state, t.value, t.userAttrs.worker]),
    );
    assert.deepEqual(sample.trials, all, 'a small study is sampled whole');
    assert.equal(sample.note, null);

    // A version whose sample nobody drew passes the reusable trials on to the next.
    await addTrial(storage, studyId, 0.2, 'COMPLETE');
    await snapshots.get(studyId, (await pages.getStudyDigest(studyId)).version);
    await addTrial(storage, studyId, 0.4, 'COMPLETE');
    const before = pages.trialsRead;
    await (await snapshots.get(studyId, (await pages.getStudyDigest(studyId)).version)).sample();
    assert.equal(pages.trialsRead - before, 2, 'only the two trials added since the last sample');

    const charts = new Map(
      await Promise.all(
        dashboardCharts.map(async (chart) => [chart.name, await chart.build(second, Date.now(), 0)] as const),
      ),
    );
    assert.deepEqual(
      [...charts.keys()],
      dashboardCharts.map((chart) => chart.name),
    );
    const history = charts.get('optimization-history')!.spec as unknown as { datasets: { history: unknown[] } };
    assert.deepEqual(history.datasets.history, historyRows(second.summaries, 'minimize', HISTORY_POINTS));
    assert.equal((history.datasets.history.at(-1) as { best: number }).best, -1, 'the finished trial is the best');
    const contour = charts.get('contour')!;
    assert.match(contour.title, /^Contour: [xy] × [xy]$/);
    const timeline = charts.get('timeline')!.spec as unknown as { datasets: { timeline: { worker: string }[] } };
    assert.equal(timeline.datasets.timeline.length, all.length);
  } finally {
    await storage.close();
    await rm(root, { recursive: true, force: true });
  }
});

test('the charts of a sampled study say so in their titles and keep the best trial', async () => {
  const root = await mkdtemp(join(tmpdir(), 'kiln-snapshots-'));
  const storage = await SqliteStorage.open(join(root, 'studies.db'));
  try {
    const studyId = await storage.createStudy('big', 'minimize');
    const total = SAMPLED_TRIALS + 300;
    for (let i = 0; i < total; i++) await addTrial(storage, studyId, ((i * 7919) % 1009) / 1009, 'COMPLETE');
    const pages = trialPagesOf(storage);
    const snapshot = await new StudySnapshots(storage, pages).get(studyId, 'v1');
    const sample = await snapshot.sample();
    assert.ok(sample.trials.length < total && sample.total === total);
    const best = (await storage.getAllTrials(studyId)).reduce((a, b) => (b.value! < a.value! ? b : a));
    assert.ok(
      sample.trials.some((trial) => trial.number === best.number),
      'the best trial is in the sample',
    );
    for (const chart of dashboardCharts.filter(
      (c) => !['optimization-history', 'timeline', 'pareto-front'].includes(c.name),
    )) {
      const built = await chart.build(snapshot, Date.now(), 0);
      assert.ok(built!.title.endsWith(`(${sample.note})`), `${chart.name}: ${built!.title}`);
    }
  } finally {
    await storage.close();
    await rm(root, { recursive: true, force: true });
  }
});

test('a multi-objective study: the pareto-front chart marks its front (and draws nothing for a single-objective one), the history has each objective with its own best', async () => {
  const root = await mkdtemp(join(tmpdir(), 'kiln-snapshots-'));
  const storage = await SqliteStorage.open(join(root, 'studies.db'));
  try {
    const pareto = dashboardCharts.find((chart) => chart.name === 'pareto-front')!;
    const names = (objectives: number) => chartsFor(objectives).map((entry) => entry.name);
    assert.ok(names(2).includes('pareto-front'), 'a multi-objective study lists it');
    assert.ok(!names(1).includes('pareto-front'), 'a single-objective study does not');
    const pages = trialPagesOf(storage);
    const snapshots = new StudySnapshots(storage, pages);
    const single = await storage.createStudy('one', 'minimize');
    await addTrial(storage, single, 0.5, 'COMPLETE');
    const singleSnapshot = await snapshots.get(single, (await pages.getStudyDigest(single)).version);
    assert.equal(await pareto.build(singleSnapshot, Date.now(), 0), null);

    const studyId = await storage.createStudy('two', ['minimize', 'maximize']);
    // (1, 1) and (2, 3) are on the front; (2, 0.5) is dominated by (1, 1).
    for (const values of [
      [1, 1],
      [2, 3],
      [2, 0.5],
    ]) {
      const trialId = await storage.createTrial(studyId, { state: 'RUNNING' });
      await storage.setTrialStateValue(trialId, 'COMPLETE', values);
    }
    const snapshot = await snapshots.get(studyId, (await pages.getStudyDigest(studyId)).version);
    const chart = (await pareto.build(snapshot, Date.now(), 0))!;
    const rows = (chart.spec as unknown as { datasets: { pareto: Record<string, unknown>[] } }).datasets.pareto;
    assert.deepEqual(
      rows.map((row) => [row['objective0'], row['objective1'], row['front']]),
      [
        [1, 1, 'Pareto front'],
        [2, 3, 'Pareto front'],
        [2, 0.5, 'dominated'],
      ],
    );
    const history = dashboardCharts.find((chart) => chart.name === 'optimization-history')!;
    const panels = ((await history.build(snapshot, Date.now(), 0))!.spec as unknown as { datasets: object }).datasets;
    assert.deepEqual(
      Object.values(panels as Record<string, { best: number }[]>).map((rows) => rows.map((row) => row.best)),
      [
        [1, 1, 1],
        [1, 3, 3],
      ],
      'the best so far of the minimized objective, then of the maximized one',
    );
  } finally {
    await storage.close();
    await rm(root, { recursive: true, force: true });
  }
});

test('a multi-objective study gets the parameter charts once per objective, each valued and ranked by its objective', async () => {
  const root = await mkdtemp(join(tmpdir(), 'kiln-snapshots-'));
  const storage = await SqliteStorage.open(join(root, 'studies.db'));
  try {
    assert.deepEqual(
      chartsFor(1).map((entry) => entry.name),
      dashboardCharts.filter((chart) => !chart.multiObjectiveOnly).map((chart) => chart.name),
      'one objective: the charts by their plain names',
    );
    const names = chartsFor(2).map((entry) => entry.name);
    for (const chart of ['param-importances', 'parallel-coordinates', 'slice', 'contour']) {
      assert.ok(!names.includes(chart), `${chart} is named per objective`);
      assert.ok(names.includes(`${chart}-objective-1`) && names.includes(`${chart}-objective-2`), chart);
    }
    const studyId = await storage.createStudy('two', ['minimize', 'maximize']);
    // The first objective follows x, the second is highest where y is near 0.8.
    for (let i = 0; i < 12; i++) {
      const [x, y] = [((i * 5) % 12) / 12, ((i * 7) % 12) / 12];
      const trialId = await storage.createTrial(studyId, { state: 'RUNNING' });
      await storage.setTrialParam(trialId, 'x', x, { type: 'float', low: 0, high: 1, log: false });
      await storage.setTrialParam(trialId, 'y', y, { type: 'float', low: 0, high: 1, log: false });
      await storage.setTrialStateValue(trialId, 'COMPLETE', [x, -Math.abs(y - 0.8)]);
    }
    await storage.setStudyUserAttr(studyId, METRIC_NAMES_ATTR, ['loss', 'accuracy']);
    const pages = trialPagesOf(storage);
    const snapshot = await new StudySnapshots(storage, pages).get(
      studyId,
      (await pages.getStudyDigest(studyId)).version,
    );
    const built = new Map(
      await Promise.all(
        chartsFor(2).map(
          async (entry) => [entry.name, await entry.chart.build(snapshot, Date.now(), entry.objective)] as const,
        ),
      ),
    );
    const trials = await storage.getAllTrials(studyId);
    for (const objective of [0, 1]) {
      const slice = built.get(`slice-objective-${objective + 1}`)!;
      assert.equal(slice.title, `Slice plots: ${['loss', 'accuracy'][objective]}`, 'titled by the metric name');
      const rows = (slice.spec as unknown as { datasets: { slice_0: { number: number; value: number }[] } }).datasets
        .slice_0;
      assert.deepEqual(
        rows.map((row) => row.value),
        trials.map((trial) => trial.values![objective]),
        'the slice plots this objective',
      );
      const importances = built.get(`param-importances-objective-${objective + 1}`)!;
      const ranked = (importances.spec as unknown as { datasets: { importances: { param: string }[] } }).datasets
        .importances;
      assert.equal(
        ranked[0]!.param,
        objective === 0 ? 'x' : 'y',
        `the parameter that decides objective ${objective + 1}`,
      );
    }
  } finally {
    await storage.close();
    await rm(root, { recursive: true, force: true });
  }
});
