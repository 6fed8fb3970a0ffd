import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { createStudy, RandomSampler, SqliteStorage, TrialPruned } from '../../../src/tuning/index.js';
import { fashionMnistFiles, writeFiles } from '../../data/fixtures.js';
import { chromiumSkipReason, launchChromium } from '../../support/chromium.js';
import { runKiln } from '../runKiln.js';
import { tinySpec } from '../support.js';

/** Opens `html` in headless chromium; returns the requests that left the page and the charts it shows. */
async function openOffline(html: string): Promise<{ requests: string[]; figures: number; svgs: number }> {
  const { context, close } = await launchChromium();
  try {
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (request) => {
      if (!/^(file|data):/.test(request.url())) requests.push(request.url());
    });
    await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });
    return {
      requests,
      figures: await page.locator('figure').count(),
      svgs: await page.locator('figure > svg').count(),
    };
  } finally {
    await close();
  }
}

describe('kiln report: a compare run, an ensemble and a study as charts and one offline page', () => {
  let root: string;
  let data: string;
  const skip = chromiumSkipReason();

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'kiln-report-'));
    data = join(root, 'fashion');
    await writeFiles(data, fashionMnistFiles(60, 20));
    await writeFile(join(root, 'tiny.json'), JSON.stringify(tinySpec));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  test(
    'on a compare run and an ensemble of its models: charts hold the recorded metrics and the page loads offline',
    { skip: skip ?? false },
    async () => {
      const flags = ['--data', data, '--dataset', 'fashion-mnist', '--seed', '3', '--verbose', '0'];
      const compareDir = join(root, 'compare');
      const tiny = join(root, 'tiny.json');
      const compare = await runKiln(['compare', tiny, tiny, ...flags, '--epochs', '2', '--out', compareDir]);
      assert.equal(compare.code, 0, compare.stderr);
      const results = JSON.parse(await readFile(join(compareDir, 'results.json'), 'utf8'));
      assert.deepEqual(results.command.slice(0, 2), ['kiln', 'compare']);
      assert.equal(typeof results.versions.tfjs, 'string');
      assert.equal(
        results.models[0].diagnostics.confusionMatrix.flat().reduce((a: number, b: number) => a + b),
        20,
      );

      const report = await runKiln(['report', compareDir]);
      assert.equal(report.code, 0, report.stderr);
      const charts = (await readdir(join(compareDir, 'report', 'charts'))).sort();
      for (const name of ['learning-curves', 'confusion-1-tiny', 'confusion-2-tiny', 'confidently-wrong-2-tiny']) {
        assert.ok(charts.includes(`${name}.svg`) && charts.includes(`${name}.png`), charts.join(' '));
      }
      const html = join(compareDir, 'report', 'report.html');
      const page = await readFile(html, 'utf8');
      assert.ok(page.includes(results.models[0].testAccuracy.toFixed(4)), 'the test table shows the recorded accuracy');
      assert.ok(
        !/<script|https?:\/\/(?!www\.w3\.org)/.test(page.replace(/xmlns(:xlink)?="[^"]*"/g, '')),
        'nothing to fetch',
      );
      const opened = await openOffline(html);
      assert.deepEqual(opened.requests, []);
      assert.equal(opened.svgs, opened.figures);
      assert.equal(opened.figures, charts.length / 2);

      const ensembleDir = join(root, 'ensemble');
      const models = results.models.map((run: { savedTo: string }) => run.savedTo);
      const ensemble = await runKiln([
        'ensemble',
        '--models',
        ...models,
        '--method',
        'select',
        ...flags,
        '--out',
        ensembleDir,
      ]);
      assert.equal(ensemble.code, 0, ensemble.stderr);
      const ensembleReport = await runKiln(['report', ensembleDir, '--out', join(root, 'ensemble-report')]);
      assert.equal(ensembleReport.code, 0, ensembleReport.stderr);
      assert.deepEqual(
        (await readdir(join(root, 'ensemble-report', 'charts'))).filter((f) => f.endsWith('.svg')).sort(),
        ['disagreement.svg', 'members-vs-ensemble.svg', 'reliability.svg', 'weights.svg'],
      );
      const ensembleOpened = await openOffline(join(root, 'ensemble-report', 'report.html'));
      assert.deepEqual(ensembleOpened.requests, []);
      assert.equal(ensembleOpened.svgs, 4);
    },
  );

  test('on a study: every study plot, from the storage', async () => {
    const storagePath = join(root, 'studies.db');
    const storage = await SqliteStorage.open(storagePath);
    const study = await createStudy({
      storage,
      studyName: 'demo',
      direction: 'minimize',
      sampler: new RandomSampler({ seed: 2 }),
    });
    await study.optimize(
      async (trial) => {
        const x = await trial.suggestFloat('x', -3, 3);
        const lr = await trial.suggestFloat('lr', 1e-4, 1, { log: true });
        await trial.report(x * x + 1, 1);
        if (trial.number % 5 === 4) throw new TrialPruned();
        return x * x + 0.01 * Math.log(lr);
      },
      { nTrials: 20 },
    );
    await storage.close();
    const out = join(root, 'study-report');
    const report = await runKiln(['report', '--study', 'demo', '--storage', `sqlite:${storagePath}`, '--out', out]);
    assert.equal(report.code, 0, report.stderr);
    assert.deepEqual((await readdir(join(out, 'charts'))).filter((f) => f.endsWith('.svg')).sort(), [
      'contour.svg',
      'intermediate-values.svg',
      'optimization-history.svg',
      'parallel-coordinates.svg',
      'param-importances.svg',
      'slice.svg',
      'timeline.svg',
    ]);
    assert.match(await readFile(join(out, 'report.html'), 'utf8'), /20 trials: 16 COMPLETE, 4 PRUNED/);
  });

  test('on a multi-objective study: the Pareto front as a table and a chart, its objectives named', async () => {
    const storagePath = join(root, 'pareto.db');
    const storage = await SqliteStorage.open(storagePath);
    const study = await createStudy({
      storage,
      studyName: 'pareto',
      directions: ['maximize', 'minimize'],
      sampler: new RandomSampler({ seed: 3 }),
    });
    await study.setUserAttr('objectives', ['val_accuracy', 'parameters']);
    await study.optimize(
      async (trial) => {
        const width = await trial.suggestInt('width', 1, 100);
        return [1 - 1 / (1 + width), width * 10];
      },
      { nTrials: 12 },
    );
    await storage.close();
    const out = join(root, 'pareto-report');
    const report = await runKiln(['report', '--study', 'pareto', '--storage', `sqlite:${storagePath}`, '--out', out]);
    assert.equal(report.code, 0, report.stderr);
    const charts = (await readdir(join(out, 'charts'))).filter((f) => f.endsWith('.svg'));
    assert.ok(charts.includes('pareto-front.svg'), charts.join(', '));
    const html = await readFile(join(out, 'report.html'), 'utf8');
    assert.match(html, /Study pareto \(maximize val_accuracy, minimize parameters\)/);
    // Every trial trades accuracy for size, so all 12 (distinct widths aside) are on the front.
    assert.match(html, /Pareto front: \d+ trial\(s\)/);
    assert.match(await readFile(join(out, 'charts', 'pareto-front.svg'), 'utf8'), /val_accuracy \(maximize\)/);
  });

  test('refuses a folder that holds no run and says what to pass', async () => {
    const report = await runKiln(['report', root]);
    assert.equal(report.code, 2);
    assert.match(report.stderr, /holds no run\.json, results\.json or ensemble\.json/);
  });
});
