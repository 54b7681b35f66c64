// Activation: registers the commands and starts the server in the background. Nothing here blocks activate():
// the environment check (a readdir and a file read when the environment exists) and its creation run after.
import * as os from 'node:os';
import * as vscode from 'vscode';
import type { LanguageClientOptions } from 'vscode-languageclient/node';
import {
  CLIENT_NAME,
  type ClientFactory,
  type ClientLike,
  createLanguageClient,
  DOCUMENT_SELECTOR,
  SERVER_ARGS,
} from './client';
import { checkWorkspace, purgeCaches, type Server } from './commands';
import { lensMiddleware, SHOW_REPORT, showToolsReport } from './lens';
import { currentEnvironmentSync, type EnsureOptions, type EnvContext, ensureEnvironment, SetupError } from './environment';
import { runProcess, type Runner } from './process';
import { type Discovery, expandInterpreter, findPython, ProbeCache } from './python';
import { type DiscoveryFs, realFs } from './discovery';
import { PythonHelp } from './installPython';
import { pythonFromExtension } from './pythonExtension';
import { wantedBecauseSync, whenWanted } from './gate';
import { initializationOptions, SECTION, serverSettingNames } from './settings';
import { trustMiddleware } from './trust';

export const REPORT_CHANNEL = 'Go Sidecar';

/** What the extension takes from the machine; tests pass fakes. */
export interface Deps {
  run: Runner;
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  home: string;
  pythonExtension(resource?: vscode.Uri): Promise<string | undefined>;
  createClient: ClientFactory;
  /** The disk as the Python search reads it (default: the real one). */
  fs?: DiscoveryFs;
}

export function realDeps(): Deps {
  return {
    run: runProcess,
    platform: process.platform,
    env: process.env,
    home: os.homedir(),
    pythonExtension: pythonFromExtension,
    createClient: createLanguageClient,
  };
}

/** Returned by activate(), for tests and other extensions. */
export interface Api {
  /** Resolves when the first start ended: true when the server runs. */
  ready: Promise<boolean>;
  /** How long activate() took, in milliseconds. */
  activationMs: number;
  /** When (epoch ms) activate() began, the environment was found or made, and the server's client started. */
  timings: Timings;
}

export interface Timings {
  activatedAt: number;
  environmentReadyAt?: number;
  serverReadyAt?: number;
}

export class Sidecar implements vscode.Disposable {
  private client?: ClientLike;
  private starting?: Promise<ClientLike | undefined>;
  private disposed = false;
  private readonly settingNames: string[];
  readonly timings: Timings = { activatedAt: Date.now() };
  /** Each Python asked its version once per session (per file and modification time). */
  private readonly probes = new ProbeCache();
  /** No Python that fits: the notification with its install / choose / retry buttons (installPython.ts). */
  readonly pythonHelp: PythonHelp;

  constructor(
    private readonly context: vscode.ExtensionContext,
    readonly log: vscode.LogOutputChannel,
    private readonly deps: Deps,
  ) {
    this.settingNames = serverSettingNames(context.extension.packageJSON);
    this.pythonHelp = new PythonHelp({
      platform: deps.platform, env: deps.env, home: deps.home, fs: deps.fs ?? realFs, log,
      retry: async () => (await this.retry()) !== undefined,
    });
  }

  envContext(): EnvContext {
    return {
      storageDir: this.context.globalStorageUri.fsPath,
      wheelsDir: this.context.asAbsolutePath('wheels'),
      extensionVersion: String(this.context.extension.packageJSON.version),
      platform: this.deps.platform,
      run: this.deps.run,
      log: this.log,
      env: this.deps.env,
    };
  }

  discover(supported?: ReadonlySet<string>, machines?: ReadonlySet<string>): Promise<Discovery> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const setting = vscode.workspace.getConfiguration(SECTION).get<string>('interpreter') ?? '';
    return findPython({
      platform: this.deps.platform,
      run: this.deps.run,
      pythonExtension: () => this.deps.pythonExtension(folders[0]?.uri),
      setting: expandInterpreter(setting, { home: this.deps.home, env: this.deps.env, workspaceFolder: folders[0]?.uri.fsPath }),
      untrustedFolders: vscode.workspace.isTrusted ? [] : folders.map((f) => f.uri.fsPath),
      cwd: this.context.globalStorageUri.fsPath,
      supported,
      machines,
      fs: this.deps.fs ?? realFs,
      env: this.deps.env,
      home: this.deps.home,
      cache: this.probes,
    });
  }

  clientOptions(): LanguageClientOptions {
    return {
      documentSelector: DOCUMENT_SELECTOR,
      synchronize: { configurationSection: SECTION },
      // A function: read when the client (re)starts, so a restart sends the current settings and trust.
      initializationOptions: () =>
        initializationOptions(vscode.workspace.getConfiguration(SECTION), this.settingNames, vscode.workspace.isTrusted,
          vscode.workspace.workspaceFile),
      outputChannel: this.log,
      middleware: {
        ...trustMiddleware(
          () => vscode.workspace.isTrusted,
          (m) => void vscode.window.showWarningMessage(m),
        ),
        ...lensMiddleware(),
      },
    };
  }

  /** The server, started unless a start is already under way or done. */
  startOnce(): Promise<ClientLike | undefined> {
    return this.starting ?? this.start();
  }

  start(options: EnsureOptions = {}): Promise<ClientLike | undefined> {
    this.starting = this.doStart(options);
    return this.starting;
  }

  private async doStart(options: EnsureOptions): Promise<ClientLike | undefined> {
    const t0 = performance.now();
    try {
      // The existing environment is found without yielding, so that (from activate()) the server is spawned in
      // the same tick, before VS Code goes on loading other extensions; anything off, and ensureEnvironment
      // says why and repairs it.
      const ctx = this.envContext();
      const env = (!options.recheckPython && currentEnvironmentSync(ctx)) ||
        (await ensureEnvironment(ctx, (supported, machines) => this.discover(supported, machines), options));
      if (this.disposed) return undefined;
      this.timings.environmentReadyAt = Date.now();
      const client = this.deps.createClient(
        { command: env.python, args: [...SERVER_ARGS], cwd: env.dir, env: this.deps.env },
        this.clientOptions(),
      );
      try {
        await client.start();
      } catch (e) {
        // The server's process (started before the client) must not outlive a client that failed to start.
        await client.stop().catch(() => undefined);
        throw e;
      }
      if (this.disposed) {
        await client.stop().catch(() => undefined);
        return undefined;
      }
      this.client = client;
      this.timings.serverReadyAt = Date.now();
      const made = env.created ? `created the environment (Python ${env.marker.pythonVersion}) and ` : '';
      this.log.info(`${made}started the server in ${Math.round(performance.now() - t0)} ms: ${env.python} ${SERVER_ARGS.join(' ')}`);
      return client;
    } catch (e) {
      this.reportFailure(e);
      return undefined;
    }
  }

  private reportFailure(e: unknown): void {
    if (this.disposed) return;
    if (e instanceof SetupError && e.kind === 'no-python' && e.search) {
      this.log.error(e.message + (e.detail ? `\n${e.detail}` : ''));
      void this.pythonHelp.offer(e.search);
      return;
    }
    if (e instanceof SetupError) {
      this.log.error(e.message + (e.detail ? `\n${e.detail}` : ''));
      const buttons = e.kind === 'no-python' || e.kind === 'venv' ? ['Open Settings', 'Show Logs'] : ['Show Logs'];
      void vscode.window.showErrorMessage(e.message, ...buttons).then((choice) => {
        if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'goSidecar.interpreter');
        if (choice === 'Show Logs') this.log.show();
      });
      return;
    }
    const message = e instanceof Error ? e.message : String(e);
    this.log.error(`the server did not start: ${message}`);
    void vscode.window.showErrorMessage(`Go Sidecar: the server did not start: ${message}`, 'Show Logs').then((c) => {
      if (c === 'Show Logs') this.log.show();
    });
  }

  async stop(): Promise<void> {
    const pending = this.starting;
    const client = this.client ?? (await pending?.catch(() => undefined));
    this.client = undefined;
    if (this.starting === pending) this.starting = undefined;
    if (client) {
      try {
        await client.stop(5000);
      } catch (e) {
        this.log.warn(`stopping the server: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  async restart(options: EnsureOptions = {}): Promise<ClientLike | undefined> {
    await this.stop();
    if (this.disposed) return undefined;
    this.log.info('restarting the server');
    return this.start(options);
  }

  /** The running server, starting it again when an earlier start failed; undefined (with a message) when it cannot. */
  async server(): Promise<Server | undefined> {
    const client = this.client ?? (await this.starting) ?? (await this.start());
    if (!client) return undefined;
    return {
      executeCommand: (command, args) => client.sendRequest('workspace/executeCommand', { command, arguments: args }),
    };
  }

  async withServer(run: (server: Server) => Promise<void>): Promise<void> {
    const server = await this.server();
    if (!server) return;
    try {
      await run(server);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.log.error(message);
      void vscode.window.showErrorMessage(`Go Sidecar: ${message}`);
    }
  }

  /** After a failed start (Python installed or chosen since): start, unless the server runs. */
  retry(): Promise<ClientLike | undefined> {
    return this.client ? Promise.resolve(this.client) : this.restart();
  }

  dispose(): void {
    this.pythonHelp.dispose();
    this.disposed = true;
  }
}

let current: Sidecar | undefined;

export function activateWith(context: vscode.ExtensionContext, deps: Deps): Api {
  const t0 = performance.now();
  const log = vscode.window.createOutputChannel(CLIENT_NAME, { log: true });
  const reports = vscode.window.createOutputChannel(REPORT_CHANNEL);
  const sidecar = new Sidecar(context, log, deps);
  current = sidecar;
  context.subscriptions.push(
    log,
    reports,
    sidecar,
    vscode.commands.registerCommand('goSidecar.purgeCaches', () => sidecar.withServer((server) => purgeCaches(server, log))),
    vscode.commands.registerCommand('goSidecar.checkWorkspace', () =>
      sidecar.withServer((server) => checkWorkspace(server, reports)),
    ),
    // From the palette (the workspace's report) and from a readiness lens (one configuration's: lens.ts).
    vscode.commands.registerCommand(SHOW_REPORT, (target?: unknown) =>
      sidecar.withServer((server) => showToolsReport(server, target)),
    ),
    vscode.commands.registerCommand('goSidecar.restartServer', () => sidecar.restart()),
    vscode.commands.registerCommand('goSidecar.showLogs', () => log.show()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      // The server's own settings reach it through the client (synchronize); this one picks the Python.
      if (e.affectsConfiguration(`${SECTION}.interpreter`)) void sidecar.restart({ recheckPython: true });
    }),
    // Trust granted: the server learns it (initializationOptions.trusted), tool fixes come back.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void sidecar.restart()),
  );
  // Started at once where there is Go (go.mod, go.work, launch.json, a Go file open); a window activated only by
  // some other JSON-with-comments file waits until Go appears (gate.ts).
  const ready = wantedBecauseSync() !== undefined
    ? sidecar.startOnce().then((client) => client !== undefined)
    : (async () => {
        log.info('no go.mod, go.work or .vscode/launch.json in the workspace folders and no Go file open: ' +
          'the server starts when one appears, or when a Go Sidecar command runs');
        const why = await whenWanted(context.subscriptions);
        if (why === 'disposed') return false;
        log.info(`starting the server: ${why}`);
        return (await sidecar.startOnce()) !== undefined;
      })();
  const activationMs = performance.now() - t0;
  log.info(`activated in ${activationMs.toFixed(1)} ms`);
  return { ready, activationMs, timings: sidecar.timings };
}

export function activate(context: vscode.ExtensionContext): Api {
  return activateWith(context, realDeps());
}

export async function deactivate(): Promise<void> {
  const sidecar = current;
  current = undefined;
  if (sidecar) {
    await sidecar.stop();
    sidecar.dispose();
  }
}
