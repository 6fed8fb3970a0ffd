/**
 * A dataset file is missing, corrupt, truncated or not what it claims to be. The message names the
 * file, says what is wrong and what to do about it.
 */
export class DatasetError extends Error {
  override readonly name = 'DatasetError';

  constructor(
    /** The file (or `archive:member`) at fault. */
    readonly file: string,
    /** What is wrong with it. */
    readonly problem: string,
    /** What the user should do about it. */
    readonly remedy: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${problem}. ${remedy}`, options);
  }
}

/** The message of a caught value, for wrapping low-level errors (zlib, tar, sockets). */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
