// The language client: how the server is started and what the client tells it.
import { type ChildProcess, spawn } from 'node:child_process';
import type { LanguageClientOptions } from 'vscode-languageclient/node';

export const CLIENT_ID = 'goSidecar';
export const CLIENT_NAME = 'Go Sidecar Server';
/** -I: isolated mode, so that nothing in the environment or the current folder shadows the server's modules. */
export const SERVER_ARGS: readonly string[] = ['-I', '-m', 'go_sidecar', 'serve'];

/** The files the server checks, in any folder of the workspace: their buffers are sent to it, and it answers
 * with diagnostics, fixes, hovers and the readiness lenses above debug configurations (a .code-workspace's launch
 * section and GoLand's run configuration files hold them too). The server's DIAGNOSED_FILES
 * (server/go_sidecar/lsp/invalidate.py) is the list: tests/test_lsp4ij_template.py fails when this one differs. */
export const DOCUMENT_SELECTOR = [
  { scheme: 'file', pattern: '**/.vscode/launch.json' },
  { scheme: 'file', pattern: '**/.vscode/settings.json' },
  { scheme: 'file', pattern: '**/go.mod' },
  { scheme: 'file', pattern: '**/go.work' },
  { scheme: 'file', pattern: '**/go.sum' },
  { scheme: 'file', pattern: '**/go.work.sum' },
  { scheme: 'file', pattern: '**/*.code-workspace' },
  { scheme: 'file', pattern: '**/.run/*.run.xml' },
  { scheme: 'file', pattern: '**/.idea/runConfigurations/*.xml' },
  { scheme: 'file', pattern: '**/.idea/workspace.xml' },
  { scheme: 'file', pattern: '**/.tool-versions' },
  { scheme: 'file', pattern: '**/.go-version' },
  { scheme: 'file', pattern: '**/mise.toml' },
  { scheme: 'file', pattern: '**/.mise.toml' },
];

export interface ServerCommand {
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** What the extension needs of a vscode-languageclient LanguageClient (tests pass a fake). */
export interface ClientLike {
  start(): Promise<void>;
  stop(timeout?: number): Promise<void>;
  sendRequest(method: string, params: unknown): Promise<unknown>;
}

export type ClientFactory = (server: ServerCommand, options: LanguageClientOptions) => ClientLike;

/**
 * The server's process, started before the language client library is loaded: Python's start-up and the server's
 * early check (which warms up while it waits for `initialize`) then overlap loading vscode-languageclient. The first
 * call of the returned function hands over that process; later calls (the client restarts a crashed server) start a
 * new one. `started` holds every process handed over, so that stopping can make sure none outlives the client.
 */
export function prespawned(
  server: ServerCommand,
  spawn: (server: ServerCommand) => ChildProcess = spawnServer,
): { serverOptions: () => Promise<ChildProcess>; started: ChildProcess[]; abandon: () => void } {
  const started: ChildProcess[] = [];
  const launch = (): { child: ChildProcess; failed: () => Error | undefined } => {
    const child = spawn(server);
    let error: Error | undefined;
    // Without a listener a spawn error (ENOENT) would be thrown in the extension host; the client adds its own.
    child.on('error', (e) => {
      error ??= e;
    });
    return { child, failed: () => error };
  };
  let first: ReturnType<typeof launch> | undefined = launch();
  const serverOptions = async (): Promise<ChildProcess> => {
    const { child, failed } = first ?? launch();
    first = undefined;
    const error = failed();
    if (error || child.pid === undefined) {
      throw new Error(`Launching server using command ${server.command} failed${error ? `: ${error.message}` : '.'}`);
    }
    started.push(child);
    return child;
  };
  // Stopped before the client asked for it: the waiting process goes (its stdin closes, it ends; else killed).
  const abandon = () => {
    if (!first) return;
    const { child } = first;
    first = undefined;
    child.stdin?.end();
    reap([child]);
  };
  return { serverOptions, started, abandon };
}

function spawnServer(server: ServerCommand): ChildProcess {
  return spawn(server.command, server.args, { cwd: server.cwd, env: server.env, stdio: 'pipe', windowsHide: true });
}

/** Ends what `prespawned` started that is still running, `graceMs` after the client stopped (as the client does
 * for servers it spawns itself). */
export function reap(started: ChildProcess[], graceMs = 2000): void {
  const alive = started.splice(0).filter((c) => c.exitCode === null && c.signalCode === null);
  if (!alive.length) return;
  setTimeout(() => {
    for (const c of alive) if (c.exitCode === null && c.signalCode === null) c.kill();
  }, graceMs).unref();
}

/** The server's process is started at once (prespawned); vscode-languageclient is loaded when the client starts,
 * on a later tick, so that neither loading it nor the extension's activation waits for the other. */
export const createLanguageClient: ClientFactory = (server, options) => {
  const { serverOptions, started, abandon } = prespawned(server);
  let client: import('./languageclient').LanguageClient | undefined;
  const load = () => {
    if (!client) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const lc = require('./languageclient.js') as typeof import('./languageclient');
      client = new lc.LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, {
        revealOutputChannelOn: lc.RevealOutputChannelOn.Never,
        ...options,
      });
    }
    return client;
  };
  return {
    start: async () => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      await load().start();
    },
    stop: async (timeout?: number) => {
      try {
        if (client) await client.stop(timeout);
      } finally {
        abandon();
        reap(started);
      }
    },
    sendRequest: (method, params) => load().sendRequest(method, params),
  };
};
