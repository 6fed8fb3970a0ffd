/** A storage could not be opened as asked: the message names the file or server, what is wrong, and what to do. */
export class StorageOpenError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageOpenError';
  }
}
