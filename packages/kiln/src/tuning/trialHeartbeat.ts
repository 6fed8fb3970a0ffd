import type { Storage } from './storages/base.js';

/**
 * Records that a trial's worker is alive every `intervalSeconds` while the trial runs, so that other
 * workers can fail (and retry) trials whose worker died. The first beat is recorded before `start`
 * resolves, so a trial is never seen without one.
 */
export class TrialHeartbeat {
  private constructor(private readonly timer: NodeJS.Timeout) {}

  static async start(storage: Storage, trialId: number, intervalSeconds: number): Promise<TrialHeartbeat> {
    await storage.recordHeartbeat(trialId);
    const timer = setInterval(() => {
      // A missed beat at worst lets another worker fail this trial as stale, which the study handles.
      storage.recordHeartbeat(trialId).catch(() => undefined);
    }, intervalSeconds * 1000);
    timer.unref();
    return new TrialHeartbeat(timer);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
