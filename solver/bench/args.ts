import { spawn } from 'node:child_process';

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

const RESULT_PREFIX = 'BENCH ';

/** A child run's result, as the one line its parent reads from its standard output. */
export function emitChildResult(result: unknown): void {
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

/**
 * Runs this bench script again in a child process with `args` (TypeScript through ts-node), so
 * each run has its own memory peak and heap and a run that overruns its limit can be stopped: it
 * is killed at twice `limitSeconds` plus a minute. Resolves with the result the child emitted
 * ({@link emitChildResult}), or null when it died or was killed without one; its standard error
 * passes through.
 */
export function runChild<T>(
  script: string,
  args: readonly string[],
  limitSeconds: number,
): Promise<T | null> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', script, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const kill = setTimeout(() => proc.kill('SIGKILL'), (2 * limitSeconds + 60) * 1000);
    proc.on('close', () => {
      clearTimeout(kill);
      const line = out.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
      resolve(line ? (JSON.parse(line.slice(RESULT_PREFIX.length)) as T) : null);
    });
  });
}
