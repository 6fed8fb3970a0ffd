import { rm, rmdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { RunFingerprint } from '../callbacks/index.js';
import { backupEpochThreshold, type TrainingOptions } from './options.js';
import { UsageError } from './usageError.js';
import {
  findUnfinishedRun,
  forgetUnfinishedRun,
  recordUnfinishedRun,
  type CommandFingerprint,
} from './unfinishedRuns.js';

/** Where one model's training keeps its working files (history.csv, checkpoint, backup) until the command is done. */
export interface ModelWorkspace {
  readonly dir: string;
  readonly backup: boolean;
  /** What a backup must have been made by to be resumed. */
  readonly fingerprint: RunFingerprint;
  /** Records the run for a rerun to find (once; before the first backup is saved). */
  readonly recordRun: () => Promise<void>;
}

/**
 * A `kiln train|compare` invocation that a rerun of the same command continues: with backups on
 * (`--backup DIR` or `--backup-every N`, or by default from `backupEpochThreshold` epochs), it records its run folder and
 * seed in .unfinished/ beside the run folder (runs/.unfinished by default) so the rerun finds them, and each model trains with a
 * BackupAndRestore in its workspace. `finish` removes the workspaces and the record.
 */
export class ResumableRun {
  private readonly workspaces: string[] = [];

  private constructor(
    private readonly command: CommandFingerprint,
    /** Where the record of the run goes: the folder of the run folders. */
    private readonly journalRoot: string,
    private readonly options: TrainingOptions,
    /** The run folder: the earlier invocation's when resuming. */
    readonly out: string,
    /** The earlier invocation's seed, when resuming one started without --seed. */
    readonly seed: number | undefined,
  ) {}

  static async start(
    name: string,
    args: readonly string[],
    options: TrainingOptions & { out?: string },
    defaultOut: () => string,
  ): Promise<ResumableRun> {
    if (options.backupEvery !== undefined && options.backup === false)
      throw new UsageError(`--backup-every ${options.backupEvery} asks for backups, --no-backup for none: choose one`);
    const command: CommandFingerprint = {
      command: name,
      args,
      // How often it backs up changes nothing it computes: a rerun may back up more or less often.
      ...Object.fromEntries(Object.entries(options).filter(([flag]) => flag !== 'verbose' && flag !== 'backupEvery')),
      backend: options.backend ?? process.env['KILN_BACKEND'] ?? null,
    };
    const backups = backupsOn(options);
    const journalRoot = dirname(options.out ?? defaultOut());
    const earlier = backups ? await findUnfinishedRun(journalRoot, command) : undefined;
    if (earlier && options.verbose > 0)
      process.stderr.write(`resuming the interrupted run in ${earlier.out} (seed ${earlier.seed})\n`);
    return new ResumableRun(command, journalRoot, options, earlier?.out ?? options.out ?? defaultOut(), earlier?.seed);
  }

  get backups(): boolean {
    return backupsOn(this.options);
  }

  private recorded = false;

  /** Records the run for a rerun to find; not before a backup is about to exist, so a refused or failed start leaves no record. */
  private async record(seed: number): Promise<void> {
    if (!this.backups || this.recorded) return;
    await recordUnfinishedRun(this.journalRoot, this.command, { out: this.out, seed });
    this.recorded = true;
  }

  /**
   * The workspace of the model `name` (which tells models of one command apart): under
   * `--backup DIR`, else beside the run folder in `<run folder>.partial/`.
   */
  workspace(name: string, seed: number): ModelWorkspace {
    const dir = join(this.workspaceRoot, name);
    this.workspaces.push(dir);
    const fingerprint: RunFingerprint = {
      model: name,
      seed,
      ...Object.fromEntries(
        Object.entries(this.command)
          .filter(([flag]) => flag !== 'out' && flag !== 'backup')
          .map(([flag, value]) => [flag, isPrimitive(value) ? value : JSON.stringify(value)]),
      ),
    };
    return { dir, backup: this.backups, fingerprint, recordRun: () => this.record(seed) };
  }

  private get workspaceRoot(): string {
    return typeof this.options.backup === 'string' ? this.options.backup : `${this.out}.partial`;
  }

  /** The command is done: its workspaces and record go. */
  async finish(): Promise<void> {
    for (const dir of this.workspaces) await rm(dir, { recursive: true, force: true });
    // Their folder too, once empty (a --backup DIR holding anything else stays).
    await rmdir(this.workspaceRoot).catch(() => undefined);
    await forgetUnfinishedRun(this.journalRoot, this.command);
  }
}

function backupsOn(options: TrainingOptions): boolean {
  if (options.backup !== undefined) return options.backup !== false;
  return options.backupEvery !== undefined || options.epochs >= backupEpochThreshold;
}

function isPrimitive(value: unknown): value is string | number | boolean | null {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}
