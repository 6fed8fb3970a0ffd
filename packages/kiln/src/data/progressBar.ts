import cliProgress from 'cli-progress';

/** How far a download has got. */
export interface DownloadProgress {
  readonly fileName: string;
  readonly receivedBytes: number;
  /** From Content-Length; undefined when the server does not say. */
  readonly totalBytes: number | undefined;
}

/**
 * Whether live progress (bars, a redrawn status line) belongs on `stream`: a terminal, and not a CI
 * job (CI logs keep every redraw as a line). Pipes and files get plain lines or nothing.
 */
export function wantsLiveProgress(stream: NodeJS.WritableStream = process.stderr): boolean {
  return 'isTTY' in stream && stream.isTTY === true && !process.env.CI;
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
      noTTYOutput: !wantsLiveProgress(stream),
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
