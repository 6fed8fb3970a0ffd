import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Callback, type CallbackState } from './callback.js';
import type { EpochLogs } from './epochLogs.js';

/**
 * Keras' `CSVLogger`: one row per epoch (`epoch`, then the logs' metrics in alphabetical order).
 * With `append`, a file already there is continued (its header kept), else it starts over. Its
 * state is the file's lines, so a run resumed by BackupAndRestore rewrites the file as it was at
 * the backup: rows written after it (epochs that will run again) go, and each epoch appears once.
 */
export class CSVLogger extends Callback {
  /** The header and the rows, as in the file. */
  private lines: string[] = [];

  constructor(
    private readonly filename: string,
    private readonly options: { readonly separator?: string; readonly append?: boolean } = {},
  ) {
    super();
  }

  /** Rows written (epochs logged). */
  get rows(): number {
    return Math.max(this.lines.length - 1, 0);
  }

  override onTrainBegin(): void {
    this.lines = this.options.append && existsSync(this.filename) ? this.readLines() : [];
    this.write();
  }

  override onEpochEnd(epoch: number, logs: EpochLogs): void {
    const values = logs as unknown as { readonly [metric: string]: number | undefined };
    if (this.lines.length === 0) {
      const keys = Object.keys(values)
        .filter((key) => values[key] !== undefined)
        .sort();
      this.append(['epoch', ...keys].join(this.separator));
    }
    const keys = this.lines[0]!.split(this.separator).slice(1);
    this.append(
      [String(epoch), ...keys.map((key) => (values[key] === undefined ? '' : String(values[key])))].join(
        this.separator,
      ),
    );
  }

  override getState(): CallbackState {
    return { values: { lines: [...this.lines] } };
  }

  override setState(state: CallbackState): void {
    this.lines = [...(state.values as { lines: string[] }).lines];
    this.write();
  }

  private get separator(): string {
    return this.options.separator ?? ',';
  }

  private append(line: string): void {
    this.lines.push(line);
    appendFileSync(this.filename, `${line}\n`);
  }

  private write(): void {
    mkdirSync(dirname(this.filename), { recursive: true });
    writeFileSync(this.filename, this.lines.map((line) => `${line}\n`).join(''));
  }

  private readLines(): string[] {
    return readFileSync(this.filename, 'utf8')
      .split('\n')
      .filter((line) => line !== '');
  }
}
