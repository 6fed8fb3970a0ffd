/** A mistake in how the CLI was called (bad flag value, unknown model, missing path): exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
