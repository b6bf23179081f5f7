/** The value after `name` on the command line, if given. */
export function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** A numeric option: absent gives `fallback`; anything but a number of at least `min` is refused. */
export function numberArg(name: string, fallback: number, min: number): number {
  const text = arg(name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < min)
    throw new Error(`${name} must be a number of at least ${min}, got "${text}"`);
  return value;
}

/** Runs a bench's main: an error ends it with one line (the stack too with --verbose), exit 1. */
export function runMain(name: string, main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    console.error(`${name}: ${err instanceof Error ? err.message : String(err)}`);
    if (process.argv.includes('--verbose')) console.error(err);
    process.exitCode = 1;
  });
}
