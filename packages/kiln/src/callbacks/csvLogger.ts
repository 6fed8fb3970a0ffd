import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Callback, type CallbackState } from './callback.js';
import type { EpochLogs } from './epochLogs.js';

/**
 * Keras' `CSVLogger`: one row per epoch (`epoch`, then the logs' metrics in alphabetical order).
 * With `append`, a file already there is continued (its header kept). Its state is the number of
 * rows, so a run resumed by BackupAndRestore first drops rows written after the backup it resumes
 * from: each epoch appears once.
 */
export class CSVLogger extends Callback {
  private keys: string[] | undefined;
  rows = 0;

  constructor(
    private readonly filename: string,
    private readonly options: { readonly separator?: string; readonly append?: boolean } = {},
  ) {
    super();
  }

  override onTrainBegin(): void {
    mkdirSync(dirname(this.filename), { recursive: true });
    const lines = this.options.append && existsSync(this.filename) ? this.readLines() : [];
    if (lines.length === 0) writeFileSync(this.filename, '');
    this.keys = lines[0]?.split(this.separator).slice(1);
    this.rows = Math.max(lines.length - 1, 0);
  }

  override onEpochEnd(epoch: number, logs: EpochLogs): void {
    const values = logs as unknown as { readonly [metric: string]: number | undefined };
    if (this.keys === undefined) {
      this.keys = Object.keys(values)
        .filter((key) => values[key] !== undefined)
        .sort();
      appendFileSync(this.filename, `${['epoch', ...this.keys].join(this.separator)}\n`);
    }
    const row = [String(epoch), ...this.keys.map((key) => (values[key] === undefined ? '' : String(values[key])))];
    appendFileSync(this.filename, `${row.join(this.separator)}\n`);
    this.rows++;
  }

  override getState(): CallbackState {
    return { values: { rows: this.rows } };
  }

  /** Keeps the header and the first `rows` rows: those of the epochs the backup holds. */
  override setState(state: CallbackState): void {
    const rows = (state.values as { rows: number }).rows;
    const lines = existsSync(this.filename) ? this.readLines() : [];
    const kept = lines.slice(0, rows + 1);
    writeFileSync(this.filename, kept.length ? `${kept.join('\n')}\n` : '');
    this.keys = kept[0]?.split(this.separator).slice(1);
    this.rows = Math.max(kept.length - 1, 0);
  }

  private get separator(): string {
    return this.options.separator ?? ',';
  }

  private readLines(): string[] {
    return readFileSync(this.filename, 'utf8')
      .split('\n')
      .filter((line) => line !== '');
  }
}
