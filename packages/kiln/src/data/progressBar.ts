import cliProgress from 'cli-progress';
import type { DownloadProgress } from './download.js';

/** A terminal progress bar (on stderr) for one download. */
export interface ProgressBar {
  update: (progress: DownloadProgress) => void;
  stop: () => void;
}

export function createProgressBar(label: string): ProgressBar {
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {received}/{size} MB | ETA {eta_formatted}`,
      stream: process.stderr,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  const megabytes = (bytes: number | undefined): string => (bytes === undefined ? '?' : (bytes / 1e6).toFixed(1));
  return {
    update({ receivedBytes, totalBytes }) {
      const payload = { received: megabytes(receivedBytes), size: megabytes(totalBytes) };
      if (!started) {
        bar.start(totalBytes ?? 0, receivedBytes, payload);
        started = true;
      } else {
        bar.update(receivedBytes, payload);
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
