import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startDashboard, type RunningDashboard } from '../../src/dashboard/server.js';
import { SqliteStorage, storageFromUrl, type Storage } from '../../src/tuning/index.js';
import { chromiumSkipReason, launchChromium } from '../support/chromium.js';

const float = { type: 'float', low: 0, high: 1, log: false } as const;
/** The charts the dashboard draws for this study, in the page's order. */
const chartNames = [
  'optimization-history',
  'intermediate-values',
  'param-importances',
  'parallel-coordinates',
  'slice',
  'contour',
  'timeline',
];
const optimizer = { type: 'categorical', choices: ['adam', 'sgd'] } as const;

/** Writes one trial as a worker would: params, per-step reports, then its end state. */
async function addTrial(
  storage: Storage,
  studyId: number,
  trial: {
    x: number;
    opt: 'adam' | 'sgd';
    steps: readonly number[];
    state: 'COMPLETE' | 'PRUNED' | 'FAIL' | 'RUNNING';
    worker: string;
  },
): Promise<number> {
  const trialId = await storage.createTrial(studyId, { state: 'RUNNING' });
  await storage.setTrialParam(trialId, 'x', trial.x, float);
  await storage.setTrialParam(trialId, 'opt', trial.opt, optimizer);
  await storage.setTrialUserAttr(trialId, 'worker', trial.worker);
  for (const [step, value] of trial.steps.entries()) await storage.setTrialIntermediateValue(trialId, step + 1, value);
  if (trial.state === 'COMPLETE') await storage.setTrialStateValue(trialId, 'COMPLETE', trial.steps.at(-1)!);
  else if (trial.state !== 'RUNNING') await storage.setTrialStateValue(trialId, trial.state);
  return trialId;
}

/** A raw HTTP request, the path sent byte for byte (fetch would resolve the dots first). */
function rawRequest(
  url: string,
  path: string,
  method = 'GET',
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: hostname, port, path, method }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

describe('kiln dashboard in headless chromium', () => {
  let root: string;
  let writer: Storage;
  let reader: Storage;
  let dashboard: RunningDashboard;
  let studyId: number;
  const expected: { number: number; state: string; value: number | null }[] = [];

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'kiln-dashboard-'));
    const path = join(root, 'studies.db');
    writer = await SqliteStorage.open(path);
    studyId = await writer.createStudy('live', 'maximize');
    const trials = [
      { x: 0.1, opt: 'adam', steps: [0.3, 0.5, 0.6], state: 'COMPLETE', worker: 'host:1' },
      { x: 0.9, opt: 'sgd', steps: [0.2, 0.25], state: 'PRUNED', worker: 'host:2' },
      { x: 0.4, opt: 'adam', steps: [0.4, 0.7, 0.8], state: 'COMPLETE', worker: 'host:1' },
      { x: 0.7, opt: 'sgd', steps: [], state: 'FAIL', worker: 'host:2' },
      { x: 0.3, opt: 'adam', steps: [0.35, 0.55, 0.65], state: 'COMPLETE', worker: 'host:2' },
      { x: 0.6, opt: 'sgd', steps: [0.3, 0.45, 0.5], state: 'COMPLETE', worker: 'host:1' },
      { x: 0.5, opt: 'adam', steps: [0.5], state: 'RUNNING', worker: 'host:1' },
    ] as const;
    for (const [number, trial] of trials.entries()) {
      await addTrial(writer, studyId, trial);
      expected.push({ number, state: trial.state, value: trial.state === 'COMPLETE' ? trial.steps.at(-1)! : null });
    }
    reader = await storageFromUrl(`sqlite:${path}`, { readOnly: true });
    dashboard = await startDashboard(reader, { port: 0, host: '127.0.0.1' });
  });
  after(async () => {
    await dashboard?.close();
    await reader?.close();
    await writer?.close();
    await rm(root, { recursive: true, force: true });
  });

  test('serves nothing outside its assets and API: traversal and encoded variants 404, writing methods 405', async () => {
    for (const path of [
      '/../../etc/passwd',
      '/assets/../../../etc/passwd',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/assets/%2e%2e%2f%2e%2e%2fpackage.json',
      '/assets/..%2f..%2fpackage.json',
      '/assets/%252e%252e%252fpackage.json',
      '/assets/..\\..\\package.json',
      '//etc/passwd',
      '/api/studies/../../../../etc/passwd',
      '/api/studies/1/..%2f..%2f..%2fetc/passwd',
      '/assets/app.js/',
      '/index.html',
      '/package.json',
    ]) {
      const response = await rawRequest(dashboard.url, path);
      assert.equal(response.status, 404, path);
      assert.ok(!response.body.includes('root:'), path);
    }
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      for (const path of ['/', '/api/studies', `/api/studies/${studyId}/trials`, '/../../etc/passwd']) {
        const response = await rawRequest(dashboard.url, path, method);
        assert.equal(response.status, 405, `${method} ${path}`);
        assert.equal(response.headers.allow, 'GET, HEAD');
      }
    }
    assert.equal((await rawRequest(dashboard.url, `/api/studies/${studyId}/charts/nope`)).status, 404);
    assert.equal((await rawRequest(dashboard.url, `/api/studies/${studyId}/charts/..%2f..%2fetc`)).status, 404);
    assert.equal((await rawRequest(dashboard.url, `/api/studies/${studyId}/plots`)).status, 404);
    const home = await rawRequest(dashboard.url, '/');
    assert.equal(home.status, 200);
    assert.match(String(home.headers['content-security-policy']), /default-src 'none'; script-src 'self'/);
    assert.equal((await rawRequest(dashboard.url, '/api/studies/x/trials?sort=nope')).status, 404);
    const badQuery = await rawRequest(dashboard.url, `/api/studies/${studyId}/trials?sort=nope`);
    assert.equal(badQuery.status, 400);
    assert.match(badQuery.body, /sort must be one of/);
  });

  test('serves each chart at its own endpoint, named by the study facts, with an ETag that answers 304 until the study changes', async () => {
    const facts = JSON.parse((await rawRequest(dashboard.url, `/api/studies/${studyId}`)).body) as { charts: string[] };
    assert.deepEqual(facts.charts, chartNames);
    for (const name of facts.charts) {
      const path = `/api/studies/${studyId}/charts/${name}`;
      const response = await fetch(new URL(path, dashboard.url));
      assert.equal(response.status, 200, name);
      const { chart } = (await response.json()) as { chart: { name: string; title: string } };
      assert.equal(chart.name, name);
      const etag = response.headers.get('etag')!;
      const again = await fetch(new URL(path, dashboard.url), { headers: { 'If-None-Match': etag } });
      assert.equal(again.status, 304, name);
    }
  });

  test(
    'shows the trials and every plot with the study values, and updates both in place when a trial is added',
    { skip: chromiumSkipReason() ?? false },
    async () => {
      const { context, close } = await launchChromium();
      try {
        const page = await context.newPage();
        const problems: string[] = [];
        const foreign: string[] = [];
        page.on('console', (message) => {
          if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
        });
        page.on('pageerror', (error) => problems.push(error.message));
        page.on('response', (response) => {
          if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
        });
        const chartRequests: string[] = [];
        page.on('request', (request) => {
          if (request.url().includes('/charts/')) chartRequests.push(request.url());
          if (!request.url().startsWith(dashboard.url) && !request.url().startsWith('data:'))
            foreign.push(request.url());
        });
        await page.goto(dashboard.url);
        await assertEventually(
          async () => (await page.locator('#studies tbody tr td a').allTextContents()).join() === 'live',
          'the home page lists the study',
        );
        await page.goto(`${dashboard.url}?poll=300#/studies/${studyId}`);
        await page.evaluate(() => ((globalThis as unknown as { loadedOnce: boolean }).loadedOnce = true));

        const rows = page.locator('#trials tbody tr');
        await assertEventually(async () => (await rows.count()) === expected.length, 'the table lists every trial');
        for (const trial of expected) {
          const cells = await page.locator(`#trials tbody tr[data-number="${trial.number}"] td`).allTextContents();
          assert.equal(cells[1], trial.state);
          assert.equal(cells[2], trial.value === null ? '' : trial.value.toPrecision(5));
        }

        await assertEventually(
          () =>
            page.evaluate(
              (n) =>
                (globalThis as unknown as { kilnDashboard: { views: Map<string, unknown> } }).kilnDashboard.views
                  .size === n,
              chartNames.length,
            ),
          'every plot is drawn',
        );
        for (const name of chartNames) assert.ok(await page.locator(`#chart-${name} svg`).count(), name);
        const data = (name: string, dataset: string) =>
          page.evaluate(
            ([chart, set]) =>
              (
                globalThis as unknown as { kilnDashboard: { views: Map<string, { data(n: string): unknown[] }> } }
              ).kilnDashboard.views
                .get(chart!)!
                .data(set!),
            [name, dataset],
          ) as Promise<Record<string, unknown>[]>;
        const complete = expected.filter((t) => t.state === 'COMPLETE');
        assert.deepEqual(
          (await data('optimization-history', 'history')).map((row) => [row.number, row.value, row.best]),
          [
            [0, 0.6, 0.6],
            [2, 0.8, 0.8],
            [4, 0.65, 0.8],
            [5, 0.5, 0.8],
          ],
        );
        const intermediate = await data('intermediate-values', 'intermediate');
        assert.deepEqual(
          intermediate.filter((row) => row.state === 'PRUNED').map((row) => [row.step, row.value]),
          [
            [1, 0.2],
            [2, 0.25],
          ],
        );
        assert.ok(intermediate.some((row) => row.state === 'RUNNING' && row.value === 0.5));
        assert.deepEqual((await data('param-importances', 'importances')).map((row) => row.param).sort(), ['opt', 'x']);
        assert.equal(
          new Set((await data('parallel-coordinates', 'parallel')).map((row) => row.number)).size,
          complete.length,
        );
        assert.equal((await data('contour', 'trials')).length, complete.length);
        const timeline = await data('timeline', 'timeline');
        assert.deepEqual([...new Set(timeline.map((row) => row.worker))].sort(), ['host:1', 'host:2']);
        assert.equal(timeline.find((row) => row.number === 6)?.state, 'RUNNING');

        // Zoom the history with the mouse wheel; the update below must keep that zoom.
        const history = page.locator('#chart-optimization-history svg');
        const box = (await history.boundingBox())!;
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        await page.mouse.wheel(0, -400);
        const domain = () =>
          page.evaluate(() =>
            (
              globalThis as unknown as {
                kilnDashboard: { views: Map<string, { scale(n: string): { domain(): number[] } }> };
              }
            ).kilnDashboard.views
              .get('optimization-history')!
              .scale('x')
              .domain(),
          );
        await assertEventually(
          async () => (await domain())[0]! > -0.01 && (await domain())[1]! < 5.2,
          'the wheel zoomed in',
        );
        const zoomed = await domain();
        const updatesBefore = await page.evaluate(
          () => (globalThis as unknown as { kilnDashboard: { updates: number } }).kilnDashboard.updates,
        );

        await addTrial(writer, studyId, { x: 0.2, opt: 'sgd', steps: [0.6, 0.9], state: 'COMPLETE', worker: 'host:3' });
        await assertEventually(
          async () => (await rows.count()) === expected.length + 1,
          'the new trial appears in the table',
        );
        assert.deepEqual((await page.locator('#trials tbody tr[data-number="7"] td').allTextContents()).slice(1, 3), [
          'COMPLETE',
          (0.9).toPrecision(5),
        ]);
        await assertEventually(
          async () =>
            (await data('optimization-history', 'history')).some((row) => row.number === 7 && row.best === 0.9),
          'the history plot gets the new trial',
        );
        await assertEventually(
          async () =>
            (await data('parallel-coordinates', 'parallel')).some((row) => row.number === 7) &&
            (await data('intermediate-values', 'intermediate')).some((row) => row.number === 7 && row.value === 0.9) &&
            (await data('timeline', 'timeline')).some((row) => row.number === 7 && row.worker === 'host:3'),
          'the sampled plots and the timeline get the new trial from their own endpoints',
        );
        for (const name of chartNames)
          assert.ok(
            chartRequests.some((url) => url.endsWith(`/api/studies/${studyId}/charts/${name}`)),
            `the page asked for ${name}`,
          );
        assert.ok(
          (await page.evaluate(
            () => (globalThis as unknown as { kilnDashboard: { updates: number } }).kilnDashboard.updates,
          )) >=
            updatesBefore + chartNames.length,
          'the plots were updated through changesets, not drawn anew',
        );
        assert.deepEqual(await domain(), zoomed, 'the zoom survived the update');
        assert.equal(
          await page.evaluate(() => (globalThis as unknown as { loadedOnce?: boolean }).loadedOnce),
          true,
          'no reload',
        );

        // The table sorts and filters on the server.
        await page.locator('th[data-sort="value"]').click();
        await page.locator('th[data-sort="value"]').click();
        await assertEventually(
          async () => (await page.locator('#trials tbody tr').first().getAttribute('data-number')) === '7',
          'sorted by value, descending',
        );
        await page.locator('input[data-state="PRUNED"]').check();
        await assertEventually(async () => (await rows.count()) === 1, 'only the pruned trial');
        assert.equal(await page.locator('#trials tbody tr').first().getAttribute('data-number'), '1');

        const screenshot = join(root, 'dashboard.png');
        await page.screenshot({ path: screenshot, fullPage: true });
        assert.ok((await stat(screenshot)).size > 10_000);
        assert.deepEqual(foreign, [], 'no request leaves the dashboard');
        assert.deepEqual(problems, [], 'no console errors (a CSP violation would be one)');
      } finally {
        await close();
      }
    },
  );
});

async function assertEventually(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`timed out waiting until ${what}`);
}
