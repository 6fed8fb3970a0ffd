import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Distribution } from '../../../src/tuning/distributions.js';
import { RandomSampler } from '../../../src/tuning/samplers/random.js';
import { DuplicatedStudyError, StudyNotFoundError, type Storage } from '../../../src/tuning/storages/base.js';
import { createStudy, FAIL_REASON } from '../../../src/tuning/study.js';

/** A storage under test, with a way to let time pass for its heartbeats (a fake clock, or a real wait). */
export interface StorageUnderTest {
  readonly storage: Storage;
  age(milliseconds: number): Promise<void>;
}

export function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

const learningRate: Distribution = { type: 'float', low: 1e-5, high: 1e-1, log: true };
const dropout: Distribution = { type: 'float', low: 0, high: 0.5, log: false, step: 0.1 };
const units: Distribution = { type: 'int', low: 16, high: 256, log: true, step: 1 };
const activation: Distribution = { type: 'categorical', choices: ['relu', 3, true, null] };

/**
 * The behaviour every Storage must share, written once and run against each implementation.
 * One storage serves the whole suite; each test works in studies of its own.
 */
export function describeStorageConformance(name: string, open: () => Promise<StorageUnderTest>): void {
  describe(`${name} conforms to the Storage interface`, () => {
    let subject: StorageUnderTest;
    let storage: Storage;
    let studies = 0;
    const newStudy = (direction: 'minimize' | 'maximize' = 'minimize') =>
      storage.createStudy(`conformance-${process.pid}-${Date.now()}-${studies++}`, direction);

    before(async () => {
      subject = await open();
      storage = subject.storage;
    });
    after(async () => {
      await storage?.close();
    });

    test('a created study is found by name and id, with its direction, and listed in getAllStudies', async () => {
      const name = `listed-${process.pid}-${Date.now()}`;
      const studyId = await storage.createStudy(name, 'maximize');
      assert.equal(await storage.getStudyIdFromName(name), studyId);
      assert.equal(await storage.getStudyName(studyId), name);
      assert.equal(await storage.getStudyDirection(studyId), 'maximize');
      const low = await storage.createTrial(studyId, { state: 'RUNNING' });
      const high = await storage.createTrial(studyId, { state: 'RUNNING' });
      await storage.setTrialStateValue(low, 'COMPLETE', 0.25);
      await storage.setTrialStateValue(high, 'COMPLETE', 0.75);
      await storage.createTrial(studyId, { state: 'WAITING' });
      const summary = (await storage.getAllStudies()).find((study) => study.studyId === studyId);
      assert.ok(summary, 'the study is listed');
      assert.equal(summary.studyName, name);
      assert.equal(summary.direction, 'maximize');
      assert.equal(summary.nTrials, 3);
      assert.equal(summary.bestValue, 0.75);
      assert.ok(summary.datetimeStart instanceof Date);
    });

    test('a second study with a taken name throws DuplicatedStudyError', async () => {
      const studyId = await newStudy();
      const name = await storage.getStudyName(studyId);
      await assert.rejects(storage.createStudy(name, 'maximize'), DuplicatedStudyError);
    });

    test('of concurrent createStudy calls with one name, exactly one succeeds and the others throw DuplicatedStudyError', async () => {
      const name = `raced-${process.pid}-${Date.now()}`;
      const outcomes = await Promise.allSettled(Array.from({ length: 4 }, () => storage.createStudy(name, 'minimize')));
      const created = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
      assert.deepEqual(created, [await storage.getStudyIdFromName(name)]);
      for (const outcome of outcomes)
        if (outcome.status === 'rejected') assert.ok(outcome.reason instanceof DuplicatedStudyError);
    });

    test('looking up a missing study name throws StudyNotFoundError', async () => {
      await assert.rejects(storage.getStudyIdFromName(`missing-${Date.now()}`), StudyNotFoundError);
    });

    test('deleteStudy removes the study and its trials', async () => {
      const studyId = await newStudy();
      const name = await storage.getStudyName(studyId);
      const trialId = await storage.createTrial(studyId, { state: 'RUNNING' });
      await storage.deleteStudy(studyId);
      await assert.rejects(storage.getStudyIdFromName(name), StudyNotFoundError);
      assert.ok(!(await storage.getAllStudies()).some((study) => study.studyId === studyId));
      await assert.rejects(storage.getTrial(trialId), /no trial with id/);
      // The name is free again.
      await storage.createStudy(name, 'minimize');
    });

    test('study user attrs round-trip JSON values and a later set overwrites', async () => {
      const studyId = await newStudy();
      await storage.setStudyUserAttr(studyId, 'dataset', { name: 'cifar10', classes: [0, 1, 2], augment: true });
      await storage.setStudyUserAttr(studyId, 'budget', 10);
      await storage.setStudyUserAttr(studyId, 'budget', 20);
      assert.deepEqual(await storage.getStudyUserAttrs(studyId), {
        dataset: { name: 'cifar10', classes: [0, 1, 2], augment: true },
        budget: 20,
      });
    });

    test('trial numbers count 0, 1, 2, ... within each study, and trial ids are unique across studies', async () => {
      const first = await newStudy();
      const second = await newStudy();
      const ids = [
        await storage.createTrial(first, { state: 'RUNNING' }),
        await storage.createTrial(second, { state: 'RUNNING' }),
        await storage.createTrial(first, { state: 'WAITING' }),
        await storage.createTrial(first, { state: 'RUNNING' }),
      ];
      assert.equal(new Set(ids).size, 4);
      assert.deepEqual(
        (await storage.getAllTrials(first)).map((trial) => trial.number),
        [0, 1, 2],
      );
      assert.deepEqual(
        (await storage.getAllTrials(second)).map((trial) => trial.number),
        [0],
      );
    });

    test('trials created concurrently by one process get distinct consecutive numbers', async () => {
      const studyId = await newStudy();
      const ids = await Promise.all(
        Array.from({ length: 20 }, () => storage.createTrial(studyId, { state: 'RUNNING' })),
      );
      const numbers = await Promise.all(ids.map(async (id) => (await storage.getTrial(id)).number));
      assert.deepEqual(
        [...numbers].sort((a, b) => a - b),
        Array.from({ length: 20 }, (_, i) => i),
      );
    });

    test('params and their distributions round-trip, from the template and from setTrialParam', async () => {
      const studyId = await newStudy();
      const trialId = await storage.createTrial(studyId, {
        state: 'RUNNING',
        params: { units: 64 },
        distributions: { units },
      });
      await storage.setTrialParam(trialId, 'learningRate', 0.003, learningRate);
      await storage.setTrialParam(trialId, 'dropout', 0.2, dropout);
      await storage.setTrialParam(trialId, 'activation', null, activation);
      await storage.setTrialParam(trialId, 'dropout', 0.3, dropout);
      const trial = await storage.getTrial(trialId);
      assert.deepEqual(trial.params, { units: 64, learningRate: 0.003, dropout: 0.3, activation: null });
      assert.deepEqual(trial.distributions, { units, learningRate, dropout, activation });
    });

    test('setTrialParam throws when the name already holds another distribution', async () => {
      const studyId = await newStudy();
      const trialId = await storage.createTrial(studyId, { state: 'RUNNING' });
      await storage.setTrialParam(trialId, 'units', 32, units);
      await assert.rejects(storage.setTrialParam(trialId, 'units', 0.5, dropout), /units/);
      assert.equal((await storage.getTrial(trialId)).params['units'], 32);
    });

    test('a finished trial can no longer take params, intermediate values or attrs', async () => {
      const studyId = await newStudy();
      const trialId = await storage.createTrial(studyId, { state: 'RUNNING' });
      await storage.setTrialStateValue(trialId, 'PRUNED');
      await assert.rejects(storage.setTrialParam(trialId, 'units', 32, units), /PRUNED/);
      await assert.rejects(storage.setTrialIntermediateValue(trialId, 0, 1), /PRUNED/);
      await assert.rejects(storage.setTrialUserAttr(trialId, 'note', 'late'), /PRUNED/);
      await assert.rejects(storage.setTrialSystemAttr(trialId, 'note', 'late'), /PRUNED/);
    });

    test('setTrialStateValue is a compare-and-set: finishing a finished trial returns false and changes nothing', async () => {
      const studyId = await newStudy();
      const trialId = await storage.createTrial(studyId, { state: 'RUNNING' });
      const running = await storage.getTrial(trialId);
      assert.equal(running.state, 'RUNNING');
      assert.ok(running.datetimeStart instanceof Date);
      assert.equal(running.datetimeComplete, null);
      assert.equal(await storage.setTrialStateValue(trialId, 'COMPLETE', 1.5), true);
      assert.equal(await storage.setTrialStateValue(trialId, 'FAIL'), false);
      assert.equal(await storage.setTrialStateValue(trialId, 'COMPLETE', 9), false);
      const done = await storage.getTrial(trialId);
      assert.equal(done.state, 'COMPLETE');
      assert.equal(done.value, 1.5);
      assert.ok(done.datetimeComplete instanceof Date);
      assert.ok(done.datetimeComplete.getTime() >= done.datetimeStart!.getTime());
    });

    test('setTrialStateValue writes its system attrs with the state, or neither when the trial already finished', async () => {
      const studyId = await newStudy();
      const trialId = await storage.createTrial(studyId, { state: 'RUNNING' });
      assert.equal(await storage.setTrialStateValue(trialId, 'FAIL', null, { failReason: 'mine' }), true);
      assert.equal(await storage.setTrialStateValue(trialId, 'FAIL', null, { failReason: 'late' }), false);
      const failed = await storage.getTrial(trialId);
      assert.equal(failed.state, 'FAIL');
      assert.equal(failed.systemAttrs['failReason'], 'mine');
      const other = await storage.createTrial(studyId, { state: 'RUNNING' });
      await storage.setTrialStateValue(other, 'COMPLETE', 2);
      assert.equal(await storage.setTrialStateValue(other, 'FAIL', null, { failReason: 'late' }), false);
      assert.deepEqual((await storage.getTrial(other)).systemAttrs, {});
    });

    // Another worker's stale-trial check fails this process's trial just before or just after the first
    // storage call the study makes to finish it: the study records one outcome and goes on, warning when
    // the other worker won, instead of rejecting.
    for (const otherWorkerActs of ['before', 'after'] as const) {
      test(`a Study finishing a failed trial that another worker fails ${otherWorkerActs} its first write warns and goes on`, async () => {
        let interleave: (() => Promise<unknown>) | null = null;
        const interleaved = new Proxy(storage, {
          get(target, key, receiver) {
            const member = Reflect.get(target, key, receiver) as unknown;
            if (typeof member !== 'function') return member;
            return async (...args: unknown[]) => {
              const other = interleave;
              interleave = null;
              if (other !== null && otherWorkerActs === 'before') await other();
              const result = await (member as (...a: unknown[]) => Promise<unknown>).apply(target, args);
              if (other !== null && otherWorkerActs === 'after') await other();
              return result;
            };
          },
        });
        const study = await createStudy({
          storage: interleaved,
          studyName: `interleaved-${otherWorkerActs}-${process.pid}-${Date.now()}-${studies++}`,
          sampler: new RandomSampler({ seed: 1 }),
        });
        const warnings: string[] = [];
        const onWarning = (warning: Error) => warnings.push(warning.message);
        process.on('warning', onWarning);
        try {
          await study.optimize(
            (trial) => {
              interleave = () => storage.setTrialStateValue(trial.trialId, 'FAIL');
              throw new Error('out of memory');
            },
            { nTrials: 1 },
          );
          await new Promise((resolve) => setImmediate(resolve));
        } finally {
          process.off('warning', onWarning);
        }
        const [trial] = study.trials;
        assert.equal(trial?.state, 'FAIL');
        if (otherWorkerActs === 'before') {
          assert.equal(trial.systemAttrs[FAIL_REASON], undefined);
          assert.match(warnings.join('\n'), /trial 0 ended as FAIL before its objective returned/);
        } else {
          assert.equal(trial.systemAttrs[FAIL_REASON], 'Error: out of memory');
          assert.deepEqual(warnings, []);
        }
      });
    }

    test('intermediate values are kept per step, a repeated step overwriting, infinities and NaN included', async () => {
      const studyId = await newStudy();
      const trialId = await storage.createTrial(studyId, { state: 'RUNNING' });
      await storage.setTrialIntermediateValue(trialId, 0, 0.9);
      await storage.setTrialIntermediateValue(trialId, 1, 0.5);
      await storage.setTrialIntermediateValue(trialId, 1, 0.4);
      await storage.setTrialIntermediateValue(trialId, 5, Number.POSITIVE_INFINITY);
      await storage.setTrialIntermediateValue(trialId, 6, Number.NaN);
      assert.deepEqual(
        (await storage.getTrial(trialId)).intermediateValues,
        new Map([
          [0, 0.9],
          [1, 0.4],
          [5, Number.POSITIVE_INFINITY],
          [6, Number.NaN],
        ]),
      );
    });

    test('user and system attrs are kept apart, from the template and from the setters', async () => {
      const studyId = await newStudy();
      const trialId = await storage.createTrial(studyId, {
        state: 'RUNNING',
        userAttrs: { note: 'first' },
        systemAttrs: { fixedParams: { units: 32 } },
      });
      await storage.setTrialUserAttr(trialId, 'epochs', [1, 2, 3]);
      await storage.setTrialSystemAttr(trialId, 'note', 'system side');
      const trial = await storage.getTrial(trialId);
      assert.deepEqual(trial.userAttrs, { note: 'first', epochs: [1, 2, 3] });
      assert.deepEqual(trial.systemAttrs, { fixedParams: { units: 32 }, note: 'system side' });
    });

    test('getAllTrials orders by number and filters by state', async () => {
      const studyId = await newStudy();
      const ids: number[] = [];
      for (let i = 0; i < 5; i++) ids.push(await storage.createTrial(studyId, { state: 'RUNNING' }));
      await storage.setTrialStateValue(ids[0]!, 'COMPLETE', 3);
      await storage.setTrialStateValue(ids[1]!, 'PRUNED');
      await storage.setTrialStateValue(ids[3]!, 'COMPLETE', 1);
      await storage.setTrialStateValue(ids[4]!, 'FAIL');
      const all = await storage.getAllTrials(studyId);
      assert.deepEqual(
        all.map((trial) => [trial.number, trial.state]),
        [
          [0, 'COMPLETE'],
          [1, 'PRUNED'],
          [2, 'RUNNING'],
          [3, 'COMPLETE'],
          [4, 'FAIL'],
        ],
      );
      const finished = await storage.getAllTrials(studyId, ['COMPLETE', 'FAIL']);
      assert.deepEqual(
        finished.map((trial) => [trial.number, trial.value]),
        [
          [0, 3],
          [3, 1],
          [4, null],
        ],
      );
    });

    test('popWaitingTrial runs the oldest WAITING trial with its enqueued params, then returns null', async () => {
      const studyId = await newStudy();
      const first = await storage.createTrial(studyId, {
        state: 'WAITING',
        params: { units: 32 },
        distributions: { units },
      });
      await storage.createTrial(studyId, { state: 'RUNNING' });
      const second = await storage.createTrial(studyId, { state: 'WAITING' });
      assert.equal((await storage.getTrial(first)).datetimeStart, null);
      assert.equal(await storage.popWaitingTrial(studyId), first);
      const popped = await storage.getTrial(first);
      assert.equal(popped.state, 'RUNNING');
      assert.deepEqual(popped.params, { units: 32 });
      assert.ok(popped.datetimeStart instanceof Date);
      assert.equal(await storage.popWaitingTrial(studyId), second);
      assert.equal(await storage.popWaitingTrial(studyId), null);
    });

    test('concurrent popWaitingTrial calls hand each WAITING trial to exactly one caller', async () => {
      const studyId = await newStudy();
      const waiting: number[] = [];
      for (let i = 0; i < 3; i++) waiting.push(await storage.createTrial(studyId, { state: 'WAITING' }));
      const popped = await Promise.all(Array.from({ length: 5 }, () => storage.popWaitingTrial(studyId)));
      assert.deepEqual(
        popped.filter((id) => id !== null).sort((a, b) => a - b),
        waiting,
      );
      assert.equal(popped.filter((id) => id === null).length, 2);
    });

    test('failStaleTrials fails only RUNNING trials whose heartbeat is older than the grace, once', async () => {
      const studyId = await newStudy();
      const stale = await storage.createTrial(studyId, { state: 'RUNNING' });
      const alive = await storage.createTrial(studyId, { state: 'RUNNING' });
      await storage.createTrial(studyId, { state: 'RUNNING' }); // never sends a heartbeat
      const finished = await storage.createTrial(studyId, { state: 'RUNNING' });
      for (const trialId of [stale, alive, finished]) await storage.recordHeartbeat(trialId);
      await storage.setTrialStateValue(finished, 'COMPLETE', 1);
      await subject.age(600);
      await storage.recordHeartbeat(alive);
      assert.deepEqual(await storage.failStaleTrials(studyId, 0.4), [stale]);
      assert.deepEqual(await storage.failStaleTrials(studyId, 0.4), []);
      const states = (await storage.getAllTrials(studyId)).map((trial) => trial.state);
      // A trial that never sent a heartbeat belongs to a worker not using them: it is left alone.
      assert.deepEqual(states, ['FAIL', 'RUNNING', 'RUNNING', 'COMPLETE']);
      assert.ok((await storage.getTrial(stale)).datetimeComplete instanceof Date);
    });

    test('a multi-objective study keeps its directions and each COMPLETE trial its values; it has no single best value', async () => {
      const name = `pareto-${process.pid}-${Date.now()}`;
      const studyId = await storage.createStudy(name, ['maximize', 'minimize', 'minimize']);
      assert.deepEqual(await storage.getStudyDirections(studyId), ['maximize', 'minimize', 'minimize']);
      assert.equal(await storage.getStudyDirection(studyId), 'maximize');
      const done = await storage.createTrial(studyId, { state: 'RUNNING' });
      const running = await storage.createTrial(studyId, { state: 'RUNNING' });
      const pruned = await storage.createTrial(studyId, { state: 'RUNNING' });
      assert.equal(await storage.setTrialStateValue(done, 'COMPLETE', [0.875, 12_000, -0.5], { note: 'kept' }), true);
      await storage.setTrialStateValue(pruned, 'PRUNED');
      const trials = await storage.getAllTrials(studyId);
      assert.deepEqual(
        trials.map((t) => [t.state, t.value, t.values]),
        [
          ['COMPLETE', null, [0.875, 12_000, -0.5]],
          ['RUNNING', null, null],
          ['PRUNED', null, null],
        ],
      );
      assert.equal(trials[0]!.systemAttrs.note, 'kept');
      assert.deepEqual((await storage.getTrial(done)).values, [0.875, 12_000, -0.5]);
      assert.equal(await storage.setTrialStateValue(running, 'COMPLETE', [1, 2, 3]), true);
      assert.equal(await storage.setTrialStateValue(running, 'COMPLETE', [4, 5, 6]), false, 'compare-and-set');
      assert.deepEqual((await storage.getTrial(running)).values, [1, 2, 3]);
      const summary = (await storage.getAllStudies()).find((study) => study.studyId === studyId);
      assert.deepEqual(summary?.directions, ['maximize', 'minimize', 'minimize']);
      assert.equal(summary?.bestValue, null);
      await storage.deleteStudy(studyId);
      await assert.rejects(storage.getStudyIdFromName(name), StudyNotFoundError);
    });

    test('a single-objective trial reads its value as a list of one value too', async () => {
      const studyId = await newStudy('maximize');
      assert.deepEqual(await storage.getStudyDirections(studyId), ['maximize']);
      const trialId = await storage.createTrial(studyId, { state: 'RUNNING' });
      await storage.setTrialStateValue(trialId, 'COMPLETE', 0.5);
      const trial = await storage.getTrial(trialId);
      assert.equal(trial.value, 0.5);
      assert.deepEqual(trial.values, [0.5]);
      assert.deepEqual((await storage.getAllStudies()).find((s) => s.studyId === studyId)?.directions, ['maximize']);
    });

    test('getTrial of an unknown id throws', async () => {
      await assert.rejects(storage.getTrial(987_654_321), /no trial with id 987654321/);
    });
  });
}
