/** What a shell reports for a process a signal ended: 128 + the signal's number. */
const exitCodes = { SIGINT: 130, SIGTERM: 143 } as const;
type StopSignal = keyof typeof exitCodes;

/**
 * Until the returned function is called, the first SIGINT or SIGTERM runs `cleanUp` (failing the
 * running trial, say), then exits with 130 or 143. A second signal exits at once when
 * `secondExitsAtOnce` (the process a user presses Ctrl-C in); a worker ignores it, since it gets
 * each Ctrl-C twice: from the terminal and from its parent.
 */
export function onStopSignals(
  cleanUp: (signal: StopSignal) => Promise<void>,
  options: { readonly secondExitsAtOnce: boolean },
): () => void {
  let stopping = false;
  const onSignal = (signal: StopSignal): void => {
    if (stopping) {
      if (options.secondExitsAtOnce) {
        process.stderr.write(`kiln: ${signal} again: exiting at once\n`);
        process.exit(exitCodes[signal]);
      }
      return;
    }
    stopping = true;
    process.stderr.write(
      `kiln: ${signal}: stopping${options.secondExitsAtOnce ? ` (${signal === 'SIGINT' ? 'Ctrl-C' : signal} again to exit at once)` : ''}\n`,
    );
    cleanUp(signal).then(
      () => process.exit(exitCodes[signal]),
      (error: unknown) => {
        process.stderr.write(`kiln: could not clean up after ${signal}: ${(error as Error).message}\n`);
        process.exit(exitCodes[signal]);
      },
    );
  };
  const signals = Object.keys(exitCodes) as StopSignal[];
  for (const signal of signals) process.on(signal, onSignal);
  return () => {
    for (const signal of signals) process.off(signal, onSignal);
  };
}
