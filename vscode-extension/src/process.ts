// Running a program and collecting its output: the one place that spawns processes, so tests can inject a fake.
import { execFile } from 'node:child_process';

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

export interface RunResult {
  /** Exit code; null when the program could not be started or was killed. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** Why it did not run to an exit code (ENOENT: no such program; a timeout). */
  error?: string;
}

export type Runner = (command: string, args: string[], options?: RunOptions) => Promise<RunResult>;

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const runProcess: Runner = (command, args, options = {}) =>
  new Promise((resolve) => {
    execFile(
      command,
      args,
      {
        cwd: options.cwd,
        env: options.env,
        timeout: options.timeoutMs ?? 60_000,
        maxBuffer: 16 * 1024 * 1024,
        windowsHide: true,
        encoding: 'utf8',
      },
      (err, stdout, stderr) => {
        if (!err) return resolve({ code: 0, stdout, stderr });
        const e = err as NodeJS.ErrnoException & { code?: number | string; killed?: boolean };
        if (typeof e.code === 'number') return resolve({ code: e.code, stdout, stderr });
        const error = e.killed ? `timed out after ${options.timeoutMs ?? 60_000} ms` : String(e.code ?? e.message);
        resolve({ code: null, stdout, stderr, error });
      },
    );
  });

/** The last lines of a program's output, for a log or a message. */
export function tail(result: RunResult, lines = 20): string {
  const text = `${result.stdout}\n${result.stderr}`.trim();
  return text.split(/\r?\n/).slice(-lines).join('\n');
}
