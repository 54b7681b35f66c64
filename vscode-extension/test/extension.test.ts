// activate() with the vscode stub and fake processes: timing, how the server is started, the commands.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import * as vscode from 'vscode';
import type { LanguageClientOptions } from 'vscode-languageclient/node';
import type { ClientLike, ServerCommand } from '../src/client';
import type { DiscoveryFs } from '../src/discovery';
import { MARKER, venvPython } from '../src/environment';
import { activateWith, deactivate, type Deps } from '../src/extension';
import { PROBE } from '../src/python';
import { type Call, fakeContext, fakeRunner, packageJSON, probeOutput, stub, tempDir } from './helpers';

const WHEEL = 'go_sidecar-0.1.0-py3-none-any.whl';

class FakeClient implements ClientLike {
  started = 0;
  stopped = 0;
  requests: Array<{ method: string; params: { command: string; arguments: unknown[] } }> = [];
  constructor(
    readonly server: ServerCommand,
    readonly options: LanguageClientOptions,
    private readonly answer: (command: string, args: unknown[]) => unknown,
  ) {}
  async start() {
    this.started++;
  }
  async stop() {
    this.stopped++;
  }
  async sendRequest(method: string, params: unknown) {
    const p = params as { command: string; arguments: unknown[] };
    this.requests.push({ method, params: p });
    return this.answer(p.command, p.arguments);
  }
}

interface World {
  root: string;
  storage: string;
  extensionPath: string;
  base: string;
  clients: FakeClient[];
  calls: Call[];
  deps: Deps;
}

/** The disk as the Python search reads it: /usr/bin/python3 while `present()`; nothing else. */
function pythonFs(present: () => boolean): DiscoveryFs {
  const file = async (p: string) => (p === '/usr/bin/python3' && present() ? { size: 1000, mtimeMs: 1, dev: 1, ino: 7 } : undefined);
  return { stat: file, lstat: file, readdir: async () => [], readFile: async () => undefined };
}

function world(t: { after(fn: () => void): void }, opts: { existingEnv?: boolean; answer?: (c: string, a: unknown[]) => unknown; python3?: string } = {}): World {
  stub.reset();
  t.after(() => deactivate());
  const root = tempDir(t);
  stub.textDocuments = [{ fileName: path.join(root, 'go.mod'), languageId: 'go.mod' }]; // Go here: the server starts
  const storage = path.join(root, 'storage');
  const extensionPath = path.join(root, 'ext');
  mkdirSync(path.join(extensionPath, 'wheels'), { recursive: true });
  writeFileSync(path.join(extensionPath, 'wheels', WHEEL), '');
  const base = path.join(root, 'python3.12');
  writeFileSync(base, '');
  if (opts.existingEnv) {
    const dir = path.join(storage, 'env');
    mkdirSync(path.dirname(venvPython(dir, 'linux')), { recursive: true });
    writeFileSync(venvPython(dir, 'linux'), '');
    const marker = { extensionVersion: packageJSON.version, wheels: [WHEEL], python: base, pythonVersion: '3.12', created: 'x' };
    writeFileSync(path.join(dir, MARKER), JSON.stringify(marker));
  }
  const runner = fakeRunner((c) => {
    if (c.args.includes('-c')) return opts.python3 === undefined ? probeOutput('3.12', base) : opts.python3 ? probeOutput(opts.python3, base) : { code: null, error: 'ENOENT' };
    if (c.args.includes('venv')) {
      const dir = c.args[c.args.length - 1];
      mkdirSync(path.dirname(venvPython(dir, 'linux')), { recursive: true });
      writeFileSync(venvPython(dir, 'linux'), '');
    }
    return {};
  });
  const clients: FakeClient[] = [];
  const deps: Deps = {
    run: runner.run,
    platform: 'linux',
    env: { PATH: '/usr/bin' },
    home: '/home/u',
    pythonExtension: async () => undefined,
    fs: pythonFs(() => opts.python3 !== ''), // opts.python3 is read live: a test can install a Python
    createClient: (server, options) => {
      const c = new FakeClient(server, options, opts.answer ?? (() => null));
      clients.push(c);
      return c;
    },
  };
  return { root, storage, extensionPath, base, clients, calls: runner.calls, deps };
}

function logText(): string {
  return stub.channels.find((c) => c.name === 'Go Sidecar Server')!.text();
}

test('activation with an existing environment: under 50 ms, no process run, the server started from the env', async (t) => {
  const w = world(t, { existingEnv: true });
  const context = fakeContext(w.storage, w.extensionPath);
  // Warm-up (module code, JIT), as VS Code has loaded the bundle before it calls activate().
  const warm = world(t, { existingEnv: true });
  await activateWith(fakeContext(warm.storage, warm.extensionPath), warm.deps).ready;
  await deactivate();
  stub.reset();
  stub.textDocuments = [{ fileName: path.join(w.root, 'go.mod'), languageId: 'go.mod' }];

  const t0 = performance.now();
  const before = Date.now();
  const api = activateWith(context, w.deps);
  const measured = performance.now() - t0;
  assert.ok(api.activationMs < 50, `activate() took ${api.activationMs} ms`);
  assert.ok(measured < 50, `activate() took ${measured} ms`);
  const ready = performance.now();
  assert.equal(await api.ready, true);
  const untilServer = performance.now() - ready;
  // The timestamps other extensions (the real-VS-Code timing probe) read, in order.
  const { activatedAt, environmentReadyAt, serverReadyAt } = api.timings;
  assert.ok(activatedAt >= before && activatedAt <= Date.now(), `activatedAt ${activatedAt}`);
  assert.ok(environmentReadyAt !== undefined && environmentReadyAt >= activatedAt, `environmentReadyAt ${environmentReadyAt}`);
  assert.ok(serverReadyAt !== undefined && serverReadyAt >= environmentReadyAt, `serverReadyAt ${serverReadyAt}`);
  t.diagnostic(`activate(): ${api.activationMs.toFixed(2)} ms; then ${untilServer.toFixed(2)} ms until the client was started`);

  assert.match(logText(), /activated in \d+\.\d ms/);
  assert.equal(w.calls.length, 0, 'nothing is run when the environment exists');
  assert.equal(w.clients.length, 1);
  const [client] = w.clients;
  assert.equal(client.started, 1);
  assert.equal(client.server.command, path.join(w.storage, 'env', 'bin', 'python'));
  assert.deepEqual(client.server.args, ['-I', '-m', 'go_sidecar', 'serve']);
  assert.equal(client.server.cwd, path.join(w.storage, 'env'));
  assert.deepEqual([...stub.commands.keys()].sort(), [
    'goSidecar.checkWorkspace', 'goSidecar.purgeCaches', 'goSidecar.restartServer', 'goSidecar.showLogs',
    'goSidecar.showToolsReport',
  ]);
});

test('client options: selector, configuration section, initializationOptions with trust', async (t) => {
  const w = world(t, { existingEnv: true });
  stub.settings = {
    'goSidecar.toolchainRoots': ['/opt/go'],
    'goSidecar.severityOverrides': { 'goroot-unpinned': 'warning' },
    'goSidecar.interpreter': '/usr/bin/python3.12',
  };
  stub.trusted = false;
  await activateWith(fakeContext(w.storage, w.extensionPath), w.deps).ready;
  const o = w.clients[0].options;
  assert.deepEqual(o.documentSelector, [
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
  ]);
  assert.deepEqual(o.synchronize, { configurationSection: 'goSidecar' });
  const init = (o.initializationOptions as () => unknown)();
  assert.deepEqual(init, {
    goSidecar: { toolchainRoots: ['/opt/go'], severityOverrides: { 'goroot-unpinned': 'warning' } },
    trusted: false,
  });
  // Read again at each (re)start: a change of settings or trust is seen.
  stub.trusted = true;
  assert.equal(((o.initializationOptions as () => { trusted: boolean })()).trusted, true);
  assert.ok(o.middleware?.provideCodeActions && o.middleware.executeCommand && o.middleware.provideCodeLenses);
  assert.equal(o.outputChannel, stub.channels.find((c) => c.name === 'Go Sidecar Server'));
});

test('first start without an environment creates it, then starts the server', async (t) => {
  const w = world(t);
  const api = activateWith(fakeContext(w.storage, w.extensionPath), w.deps);
  assert.equal(await api.ready, true);
  assert.deepEqual(w.calls.map((c) => c.args.slice(0, 3).join(' ')), [
    `-I -c ${PROBE}`,
    '-I -m venv',
    '-I -m pip',
  ]);
  assert.match(logText(), /created the environment \(Python 3\.12\) and started the server/);
});

/** Waits until `ready()` holds, checking every few milliseconds; fails after 5 s. */
async function until(ready: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!ready() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
  assert.ok(ready(), what);
}

test('no Python: one notification that says what is missing, with the buttons that do it', async (t) => {
  const w = world(t, { python3: '' });
  const api = activateWith(fakeContext(w.storage, w.extensionPath), w.deps);
  assert.equal(await api.ready, false);
  await until(() => stub.messages.length > 0, 'the notification');
  const errors = stub.messages.filter((m) => m.level === 'error');
  assert.equal(errors.length, 1);
  assert.equal(errors[0].message, "Go Sidecar needs Python 3.11 or newer to run its language server and found none on this machine. Install it with your distribution's package manager or from python.org, or choose an interpreter.");
  assert.deepEqual(errors[0].items, ['Choose Interpreter…', 'Download from python.org', 'Retry']);
  assert.match(logText(), /needs Python 3\.11 or newer/);
  assert.equal(w.clients.length, 0);
});

test('no Python, then installed from the notification: the terminal closes, the server starts without a reload', async (t) => {
  const opts = { python3: '' };
  const w = world(t, opts);
  // A Debian 12 machine: the notification offers apt.
  w.deps.fs = { ...w.deps.fs!, readFile: async (p) => (p === '/etc/os-release' ? 'ID=debian\nVERSION_CODENAME=bookworm\n' : undefined) };
  stub.answer = (kind, _m, items) => (kind === 'error' ? (items as string[])[0] : undefined);
  const api = activateWith(fakeContext(w.storage, w.extensionPath), w.deps);
  assert.equal(await api.ready, false);
  await until(() => stub.terminals.length === 1, 'the install terminal');
  assert.deepEqual(stub.messages.filter((m) => m.level === 'error').map((m) => m.items[0]), ['Install with apt']);
  assert.match(String(stub.terminals[0].creationOptions.shellArgs), /sudo apt install python3 python3-venv/);
  assert.equal(stub.terminals[0].creationOptions.cwd, '/home/u', 'not in the workspace');
  opts.python3 = '3.12'; // apt did its work
  stub.closeTerminal(stub.terminals[0], 0);
  await until(() => w.clients.length === 1 && w.clients[0].started === 1, 'the server started');
  assert.ok(w.calls.some((c) => c.args.includes('venv')), 'the environment was made with the new Python');
  await until(() => stub.messages.some((m) => m.level === 'information'), 'the success message');
  assert.match(logText(), /looking for Python again: the install terminal closed \(exit 0\)/);
  assert.equal(stub.messages.filter((m) => m.level === 'error').length, 1, 'one notification only');
});

test('no Python, Retry after installing it some other way: found, started', async (t) => {
  const opts = { python3: '' };
  const w = world(t, opts);
  let clicked = 0;
  stub.answer = (kind) => {
    if (kind !== 'error') return undefined;
    clicked++;
    opts.python3 = '3.13';
    return 'Retry';
  };
  assert.equal(await activateWith(fakeContext(w.storage, w.extensionPath), w.deps).ready, false);
  await until(() => w.clients.length === 1, 'the server started');
  assert.equal(clicked, 1);
});

test('Python 3.10 only: rejected, and the log says why', async (t) => {
  const w = world(t, { python3: '3.10' });
  assert.equal(await activateWith(fakeContext(w.storage, w.extensionPath), w.deps).ready, false);
  assert.match(logText(), /is Python 3\.10; go-sidecar needs 3\.11 or newer/);
});

test('Restart Server stops the client and starts a new one', async (t) => {
  const w = world(t, { existingEnv: true });
  await activateWith(fakeContext(w.storage, w.extensionPath), w.deps).ready;
  await stub.commands.get('goSidecar.restartServer')!();
  assert.equal(w.clients.length, 2);
  assert.equal(w.clients[0].stopped, 1);
  assert.equal(w.clients[1].started, 1);
});

test('a change of goSidecar.interpreter restarts with a new look for Python; other settings do not', async (t) => {
  const w = world(t, { existingEnv: true });
  await activateWith(fakeContext(w.storage, w.extensionPath), w.deps).ready;
  stub.onDidChangeConfiguration.fire({ affectsConfiguration: (s: string) => s === 'goSidecar' || s === 'goSidecar.toolchainRoots' });
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(w.clients.length, 1);
  stub.onDidChangeConfiguration.fire({ affectsConfiguration: (s: string) => s === 'goSidecar' || s === 'goSidecar.interpreter' });
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(w.clients.length, 2);
  assert.ok(w.calls.some((c) => c.args.includes('-c')), 'Python was looked for again');
});

test('granting trust restarts the server, which then hears trusted: true', async (t) => {
  const w = world(t, { existingEnv: true });
  stub.trusted = false;
  await activateWith(fakeContext(w.storage, w.extensionPath), w.deps).ready;
  stub.trusted = true;
  stub.onDidGrantWorkspaceTrust.fire();
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(w.clients.length, 2);
  assert.equal(((w.clients[1].options.initializationOptions as () => { trusted: boolean })()).trusted, true);
});

// As the server lists them (fix/purge.py: planned, skipped or refused).
const CACHES = {
  targets: [
    { name: 'go-build', path: '/home/u/.cache/go-build', files: 1200, bytes: 2_500_000_000, status: 'planned', reason: '', errors: [] },
    { name: 'gopls', path: '/home/u/.cache/gopls', files: 10, bytes: 1_500_000, status: 'planned', reason: 'stale index', errors: [] },
    { name: 'ide:GoLand2024.2', path: '/home/u/.cache/JetBrains/GoLand2024.2', files: 0, bytes: 0, status: 'refused', reason: 'GoLand 2024.2 is running', errors: [] },
  ],
};

test('Purge Caches…: a pick of targets with sizes, a modal confirmation with the total, progress, the result', async (t) => {
  const w = world(t, {
    existingEnv: true,
    answer: (command, args) => {
      if (command === 'sidecar.listCaches') return CACHES;
      if (command === 'sidecar.purgeCaches') {
        const names = (args[0] as { targets: string[] }).targets;
        return {
          targets: names.map((n) => ({ name: n, path: '/p', files: 1, bytes: n === 'go-build' ? 2_500_000_000 : 1_500_000, status: 'purged', reason: '', errors: [] })),
          freed_bytes: 2_501_500_000,
        };
      }
      return null;
    },
  });
  let picked: Array<{ label: string; description?: string; detail?: string }> = [];
  let pickOptions: { canPickMany?: boolean; title?: string } = {};
  stub.answer = (kind, ...args) => {
    if (kind === 'quickPick') {
      picked = args[0] as typeof picked;
      pickOptions = args[1] as typeof pickOptions;
      return picked.slice(0, 2);
    }
    if (kind === 'warning') return 'Purge';
    return undefined;
  };
  await activateWith(fakeContext(w.storage, w.extensionPath), w.deps).ready;
  await stub.commands.get('goSidecar.purgeCaches')!();
  assert.equal(pickOptions.canPickMany, true);
  // Only what can be purged is offered; the refused one is in the title and the log.
  assert.deepEqual(picked.map((p) => [p.label, p.description]), [
    ['go-build', '2.5 GB, 1200 files'],
    ['gopls', '1.5 MB, 10 files'],
  ]);
  assert.equal(picked[1].detail, '/home/u/.cache/gopls — stale index');
  assert.equal(pickOptions.title, 'Go Sidecar: Purge Caches (1 other not purgeable now: see Show Logs)');
  assert.match(logText(), /purge: ide:GoLand2024\.2 \(\/home\/u\/\.cache\/JetBrains\/GoLand2024\.2\) is refused: GoLand 2024\.2 is running/);
  const confirm = stub.messages.find((m) => m.level === 'warning')!;
  assert.equal(confirm.message, 'Delete 2 caches, 2.5 GB in all?');
  assert.equal(confirm.options?.modal, true);
  assert.match(confirm.options?.detail ?? '', /go-build: \/home\/u\/.cache\/go-build \(2\.5 GB\)/);
  assert.deepEqual(confirm.items, ['Purge']);
  assert.deepEqual(stub.progress.map((p) => p.title), ['Go Sidecar: purging caches…']);
  const requests = w.clients[0].requests;
  assert.deepEqual(requests.map((r) => [r.method, r.params.command]), [
    ['workspace/executeCommand', 'sidecar.listCaches'],
    ['workspace/executeCommand', 'sidecar.purgeCaches'],
  ]);
  assert.deepEqual(requests[0].params.arguments, []);
  assert.deepEqual(requests[1].params.arguments, [{ targets: ['go-build', 'gopls'], confirmed: true }]);
  const done = stub.messages.find((m) => m.level === 'information')!;
  assert.match(done.message, /^Go Sidecar: freed 2\.5 GB\. go-build: purged 2\.5 GB; gopls: purged 1\.5 MB$/);
});

test('Purge Caches…: cancelling the confirmation purges nothing', async (t) => {
  const w = world(t, { existingEnv: true, answer: (c) => (c === 'sidecar.listCaches' ? CACHES : null) });
  stub.answer = (kind, ...args) => (kind === 'quickPick' ? (args[0] as unknown[]).slice(0, 1) : undefined);
  await activateWith(fakeContext(w.storage, w.extensionPath), w.deps).ready;
  await stub.commands.get('goSidecar.purgeCaches')!();
  assert.deepEqual(w.clients[0].requests.map((r) => r.params.command), ['sidecar.listCaches']);
});

test('Check Workspace: the report as text in the "Go Sidecar" output channel', async (t) => {
  const report = {
    version: 1,
    root: '/w',
    host: { os: 'linux', arch: 'amd64' },
    toolchains: [{ root: '/usr/local/go', version: 'go1.22.5', source: 'PATH' }],
    findings: [{
      code: 'goroot-unpinned', severity: 'information', message: 'Pin a Go toolchain',
      location: { path: '/w/.vscode/launch.json', range: { start: { line: 4, character: 8 }, end: { line: 4, character: 20 } } },
      fixes: [{ title: 'Pin GOROOT to go1.22.5', preferred: true, edits: [] }],
    }],
    messages: ['settings.json could not be read'],
  };
  const w = world(t, { existingEnv: true, answer: (c) => (c === 'sidecar.checkWorkspace' ? report : null) });
  await activateWith(fakeContext(w.storage, w.extensionPath), w.deps).ready;
  await stub.commands.get('goSidecar.checkWorkspace')!();
  const channel = stub.channels.find((c) => c.name === 'Go Sidecar')!;
  assert.equal(channel.shown, 1);
  const text = channel.text();
  assert.match(text, /^go-sidecar check of \/w on linux\/amd64/);
  assert.match(text, /1 finding: 1 information/);
  assert.match(text, /\/w\/\.vscode\/launch\.json\n {2}5:9 {2}information {2}goroot-unpinned {2}Pin a Go toolchain\n {6}fix: Pin GOROOT to go1\.22\.5/);
  assert.match(text, /go1\.22\.5 {2}\/usr\/local\/go {2}\[PATH\]/);
  assert.match(text, /Notes:\n {2}settings\.json could not be read/);
});

test('a failing server command shows its error', async (t) => {
  const w = world(t, { existingEnv: true, answer: () => Promise.reject(new Error('Unknown command: sidecar.listCaches')) });
  await activateWith(fakeContext(w.storage, w.extensionPath), w.deps).ready;
  await stub.commands.get('goSidecar.purgeCaches')!();
  assert.deepEqual(stub.messages.map((m) => [m.level, m.message]), [['error', 'Go Sidecar: Unknown command: sidecar.listCaches']]);
});

test('Show Logs shows the language client output channel', async (t) => {
  const w = world(t, { existingEnv: true });
  await activateWith(fakeContext(w.storage, w.extensionPath), w.deps).ready;
  await stub.commands.get('goSidecar.showLogs')!();
  assert.equal(stub.channels.find((c) => c.name === 'Go Sidecar Server')!.shown, 1);
});

test('deactivate stops the server', async (t) => {
  const w = world(t, { existingEnv: true });
  await activateWith(fakeContext(w.storage, w.extensionPath), w.deps).ready;
  await deactivate();
  assert.equal(w.clients[0].stopped, 1);
});

test('Purge Caches…: a target that failed is reported as a warning with its reason', async (t) => {
  const w = world(t, {
    existingEnv: true,
    answer: (command) => command === 'sidecar.listCaches' ? CACHES : {
      targets: [{ name: 'go-build', path: '/p', files: 3, bytes: 3000, status: 'failed', reason: '', errors: ['permission denied: /p/00/x'] }],
      freed_bytes: 3000,
    },
  });
  stub.answer = (kind, ...args) => (kind === 'quickPick' ? (args[0] as unknown[]).slice(0, 1) : kind === 'warning' ? 'Purge' : undefined);
  await activateWith(fakeContext(w.storage, w.extensionPath), w.deps).ready;
  await stub.commands.get('goSidecar.purgeCaches')!();
  const last = stub.messages[stub.messages.length - 1];
  assert.equal(last.level, 'warning');
  assert.equal(last.message, 'Go Sidecar: freed 3.0 kB. go-build: failed 3.0 kB (permission denied: /p/00/x)');
});

test('Purge Caches…: nothing purgeable says why', async (t) => {
  const w = world(t, { existingEnv: true, answer: () => ({ targets: [CACHES.targets[2]] }) });
  await activateWith(fakeContext(w.storage, w.extensionPath), w.deps).ready;
  await stub.commands.get('goSidecar.purgeCaches')!();
  assert.deepEqual(stub.messages.map((m) => m.message), ['Go Sidecar: nothing to purge. ide:GoLand2024.2: refused (GoLand 2024.2 is running)']);
});

test('a window with no Go in it (activated by some other JSON file): no server until Go appears', async (t) => {
  const w = world(t, { existingEnv: true });
  const folder = path.join(w.root, 'web-app');
  mkdirSync(path.join(folder, '.vscode'), { recursive: true });
  writeFileSync(path.join(folder, 'tsconfig.json'), '{}');
  writeFileSync(path.join(folder, '.vscode', 'settings.json'), '{}');
  stub.workspaceFolders = [folder];
  stub.textDocuments = [{ fileName: path.join(folder, 'tsconfig.json'), languageId: 'jsonc' }];
  const api = activateWith(fakeContext(w.storage, w.extensionPath), w.deps);
  let started: boolean | undefined;
  void api.ready.then((r) => (started = r));
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(w.clients.length, 0, 'no server process for a tsconfig.json');
  assert.equal(started, undefined);
  assert.match(logText(), /the server starts when one appears/);
  // Commands are there all the same.
  assert.ok(stub.commands.has('goSidecar.purgeCaches'));
  // A JSON file that is not launch.json does not count; a go.mod created in the folder does.
  stub.onDidOpenTextDocument.fire({ fileName: path.join(folder, 'package.json'), languageId: 'json' });
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(w.clients.length, 0);
  const [watcher] = stub.watchers;
  assert.equal(watcher.glob, '**/{go.mod,go.work,.vscode/launch.json}');
  watcher.onDidCreateEmitter.fire(vscode.Uri.file(path.join(folder, 'go.mod')));
  assert.equal(await api.ready, true);
  assert.equal(w.clients.length, 1);
  assert.equal(w.clients[0].started, 1);
  assert.ok(watcher.disposed, 'the watcher goes once the server runs');
  assert.match(logText(), /starting the server: go\.mod was created/);
});

test('the gate: a Go file or launch.json opened starts the server; a folder with a marker starts it at once', async (t) => {
  for (const [doc, lang] of [['main.go', 'go'], [path.join('.vscode', 'launch.json'), 'jsonc']] as const) {
    const w = world(t, { existingEnv: true });
    stub.textDocuments = [];
    stub.workspaceFolders = [path.join(w.root, 'empty')];
    const api = activateWith(fakeContext(w.storage, w.extensionPath), w.deps);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(w.clients.length, 0);
    stub.onDidOpenTextDocument.fire({ fileName: path.join(w.root, 'empty', doc), languageId: lang });
    assert.equal(await api.ready, true, doc);
    assert.equal(w.clients.length, 1);
    await deactivate();
  }
  const w = world(t, { existingEnv: true });
  stub.textDocuments = [];
  const folder = path.join(w.root, 'svc');
  mkdirSync(path.join(folder, '.vscode'), { recursive: true });
  writeFileSync(path.join(folder, '.vscode', 'launch.json'), '{}');
  stub.workspaceFolders = [path.join(w.root, 'docs'), folder];
  assert.equal(await activateWith(fakeContext(w.storage, w.extensionPath), w.deps).ready, true);
  assert.equal(stub.watchers.length, 0, 'no watcher where Go is already there');
});

test('the gate: a command run in a window with no Go starts the server once; Go appearing later does not start another', async (t) => {
  const w = world(t, { existingEnv: true, answer: () => ({ targets: [] }) });
  stub.textDocuments = [];
  const api = activateWith(fakeContext(w.storage, w.extensionPath), w.deps);
  await stub.commands.get('goSidecar.checkWorkspace')!();
  assert.equal(w.clients.length, 1);
  stub.onDidOpenTextDocument.fire({ fileName: path.join(w.root, 'main.go'), languageId: 'go' });
  assert.equal(await api.ready, true);
  assert.equal(w.clients.length, 1, 'one server');
});

test('activate() spawns the server in its own tick (the existing environment found synchronously), within 50 ms', { skip: process.platform === 'win32' && 'a shell script stands in for Python' }, async (t) => {
  const { createLanguageClient } = await import('../src/client');
  const w = world(t, { existingEnv: true });
  // The environment's "python": a real program, which records that it ran and waits on stdin like the server.
  const py = venvPython(path.join(w.storage, 'env'), 'linux');
  const ran = path.join(w.root, 'server-ran');
  writeFileSync(py, `#!/bin/sh\necho "$@" > '${ran}'\nexec cat > /dev/null\n`);
  chmodSync(py, 0o755);
  const deps: Deps = { ...w.deps, createClient: createLanguageClient };
  const api = activateWith(fakeContext(w.storage, w.extensionPath), deps);
  assert.ok(api.activationMs < 50, `activate() with the spawn took ${api.activationMs} ms`);
  assert.ok(api.timings.environmentReadyAt !== undefined, 'the environment was found before activate() returned');
  t.diagnostic(`activate() including the server's spawn: ${api.activationMs.toFixed(2)} ms`);
  for (let i = 0; i < 100 && !existsSync(ran); i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(readFileSync(ran, 'utf8').trim(), '-I -m go_sidecar serve');
  await api.ready; // the client library cannot load against the stub: a failure, reported, not thrown
  await deactivate();
});

test('the gate: a workspace folder with go.mod added to a window with no Go starts the server', async (t) => {
  const w = world(t, { existingEnv: true });
  stub.textDocuments = [];
  const api = activateWith(fakeContext(w.storage, w.extensionPath), w.deps);
  stub.onDidChangeWorkspaceFolders.fire({ added: [], removed: [] }); // a folder without Go: still waiting
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(w.clients.length, 0);
  const folder = path.join(w.root, 'svc');
  mkdirSync(folder);
  writeFileSync(path.join(folder, 'go.mod'), 'module svc\n');
  stub.workspaceFolders = [folder];
  stub.onDidChangeWorkspaceFolders.fire({ added: [], removed: [] });
  assert.equal(await api.ready, true);
  assert.equal(w.clients.length, 1);
  assert.match(logText(), /starting the server: svc has go\.mod/);
});
