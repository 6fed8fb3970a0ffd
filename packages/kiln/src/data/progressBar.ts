import cliProgress from 'cli-progress';

/** How far a download has got. */
export interface DownloadProgress {
  readonly fileName: string;
  readonly receivedBytes: number;
  /** From Content-Length; undefined when the server does not say. */
  readonly totalBytes: number | undefined;
}

/** A terminal progress bar for one download. */
export interface ProgressBar {
  update: (progress: DownloadProgress) => void;
  stop: () => void;
}

/** Draws on `stream` (stderr by default); off a terminal it prints a line every few seconds instead. */
export function createProgressBar(
  label: string,
  stream: NodeJS.WriteStream | NodeJS.WritableStream = process.stderr,
): ProgressBar {
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {received}/{size} MB | ETA {eta_formatted}`,
      stream,
      hideCursor: true,
      noTTYOutput: !('isTTY' in stream && stream.isTTY),
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
