import type { DownloadProgress } from './progressBar.js';

/** Where a loader gets its files from and how it reports a download; shared by every dataset. */
export interface DatasetSourceOptions {
  /**
   * A local copy to load instead of downloading (an archive or a folder). It is checked by its
   * structure, not by checksum, so re-encoded copies load too.
   */
  path?: string;
  /** Download cache folder; default `$KILN_HOME/datasets` (`KILN_HOME` defaults to `~/.kiln`). */
  cacheDir?: string;
  /** Called as a download proceeds; by default a progress bar is drawn when stderr is a TTY or `verbose`. */
  onProgress?: (progress: DownloadProgress) => void;
  /** Draw the download progress bar even when stderr is not a TTY, and note downloads and cache hits. */
  verbose?: boolean;
  /** Abort a download that receives nothing for this long (ms); default 60,000. */
  stallTimeoutMs?: number;
}

/** What to tell the user when a file from a local copy (rather than the cache) is bad. */
export function localCopyRemedy(): string {
  return 'Pass a valid copy of the dataset (the --data option, or `path`), or omit it to download the official one';
}

/** What to tell the user when a cached download is bad. */
export function cachedFileRemedy(file: string): string {
  return `Delete ${file} and run again to download it afresh`;
}
