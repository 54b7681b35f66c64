// The readiness lenses and "Go Sidecar: Show Tools Report": the lens's server command becomes the extension's, which
// runs `sidecar.toolsReport` and opens its markdown; from the palette (no argument) the workspace's report.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import * as vscode from 'vscode';
import type { ClientLike } from '../src/client';
import { MARKER, venvPython } from '../src/environment';
import { activateWith, deactivate, type Deps } from '../src/extension';
import { isReportTarget, lensMiddleware, retarget, SERVER_REPORT, SHOW_REPORT, showToolsReport } from '../src/lens';
import { fakeContext, fakeRunner, packageJSON, stub, tempDir } from './helpers';

const REPORT = '# Go tools report\n\n## Environment\n\n- GOROOT: `/usr/local/go`\n';

function fakeServer(answer: (command: string, args: unknown[]) => unknown) {
  const calls: Array<{ command: string; args: unknown[] }> = [];
  return {
    calls,
    executeCommand: async (command: string, args: unknown[]) => {
      calls.push({ command, args });
      return answer(command, args);
    },
  };
}

test('showToolsReport: a lens target is passed on, the markdown opens as an untitled markdown document', async () => {
  stub.reset();
  const server = fakeServer(() => ({ markdown: REPORT }));
  const target = { uri: 'file:///w/.vscode/launch.json', config: 'Launch 启动 😀' };
  await showToolsReport(server, target);
  assert.deepEqual(server.calls, [{ command: SERVER_REPORT, args: [{ ...target, show: false }] }]);
  assert.equal(stub.opened.length, 1);
  assert.equal(stub.opened[0].languageId, 'markdown');
  assert.equal(stub.opened[0].getText(), REPORT);
  assert.equal(stub.opened[0].uri.scheme, 'untitled');
  assert.equal(stub.shown.length, 1);
  assert.equal(stub.shown[0].document, stub.opened[0]);
  assert.equal(stub.shown[0].options?.preview, false);
});

test('showToolsReport: from the palette (no argument, or not a target) the workspace report is asked for', async () => {
  for (const arg of [undefined, null, 'launch.json', { uri: 1, config: 'x' }, { uri: 'file:///x' }, [1, 2]]) {
    stub.reset();
    const server = fakeServer(() => ({ markdown: REPORT }));
    await showToolsReport(server, arg);
    assert.deepEqual(server.calls, [{ command: SERVER_REPORT, args: [{ show: false }] }], JSON.stringify(arg));
    assert.equal(stub.opened.length, 1);
  }
  // Extra keys of a target are not forwarded: the server checks its arguments strictly (lsp/command_args.py).
  stub.reset();
  const server = fakeServer(() => ({ markdown: REPORT }));
  await showToolsReport(server, { uri: 'file:///x', config: 'c', extra: true });
  assert.deepEqual(server.calls[0].args, [{ uri: 'file:///x', config: 'c', show: false }]);
});

test('showToolsReport: no report (no folder, a bad answer) says so and opens nothing', async () => {
  for (const answer of [null, undefined, {}, { markdown: '' }, { markdown: 42 }, 'text']) {
    stub.reset();
    await showToolsReport(fakeServer(() => answer), undefined);
    assert.equal(stub.opened.length, 0, JSON.stringify(answer));
    assert.equal(stub.messages.length, 1);
    assert.equal(stub.messages[0].level, 'information');
    assert.match(stub.messages[0].message, /no tools report/);
  }
});

test('isReportTarget', () => {
  assert.equal(isReportTarget({ uri: 'file:///a', config: 'b' }), true);
  for (const v of [undefined, null, 0, '', {}, { uri: 'a' }, { config: 'b' }, { uri: 1, config: 'b' }]) {
    assert.equal(isReportTarget(v), false, JSON.stringify(v));
  }
});

function lens(command: string | undefined, args: unknown[] = []): vscode.CodeLens {
  const range = new vscode.Range(3, 4, 9, 5);
  return { range, isResolved: true, command: command ? { title: 'go1.22.5 (~/sdk) · ready', command, arguments: args } : undefined } as vscode.CodeLens;
}

test('the lens middleware runs the extension command instead of the server command, same title and arguments', async () => {
  const target = { uri: 'file:///w/.vscode/launch.json', config: 'Launch' };
  const mw = lensMiddleware();
  const out = (await mw.provideCodeLenses!(
    {} as vscode.TextDocument,
    {} as vscode.CancellationToken,
    async () => [lens(SERVER_REPORT, [target]), lens('other.command'), lens(undefined)],
  )) as vscode.CodeLens[];
  assert.equal(out.length, 3);
  assert.equal(out[0].command?.command, SHOW_REPORT);
  assert.equal(out[0].command?.title, 'go1.22.5 (~/sdk) · ready');
  assert.deepEqual(out[0].command?.arguments, [target]);
  assert.deepEqual(out[0].range, new vscode.Range(3, 4, 9, 5));
  assert.equal(out[1].command?.command, 'other.command');
  assert.equal(out[2].command, undefined);
  for (const none of [null, undefined]) {
    assert.equal(await mw.provideCodeLenses!({} as vscode.TextDocument, {} as vscode.CancellationToken, async () => none), none);
  }
  assert.equal(retarget(lens(SERVER_REPORT)).command?.command, SHOW_REPORT);
});

test('the command is registered at activation; run from a lens it asks the running server for that configuration', async (t) => {
  stub.reset();
  t.after(() => deactivate());
  const root = tempDir(t);
  stub.textDocuments = [{ fileName: path.join(root, 'go.mod'), languageId: 'go.mod' }];
  const storage = path.join(root, 'storage');
  const extensionPath = path.join(root, 'ext');
  // An environment made earlier (as extension.test.ts's world({existingEnv: true})): the server starts at once.
  const wheel = 'go_sidecar-0.1.0-py3-none-any.whl';
  mkdirSync(path.join(extensionPath, 'wheels'), { recursive: true });
  writeFileSync(path.join(extensionPath, 'wheels', wheel), '');
  const base = path.join(root, 'python3.12');
  writeFileSync(base, '');
  const dir = path.join(storage, 'env');
  mkdirSync(path.dirname(venvPython(dir, 'linux')), { recursive: true });
  writeFileSync(venvPython(dir, 'linux'), '');
  const marker = { extensionVersion: packageJSON.version, wheels: [wheel], python: base, pythonVersion: '3.12', created: 'x' };
  writeFileSync(path.join(dir, MARKER), JSON.stringify(marker));
  const requests: Array<{ method: string; params: unknown }> = [];
  const client: ClientLike = {
    start: async () => undefined,
    stop: async () => undefined,
    sendRequest: async (method, params) => {
      requests.push({ method, params });
      return { markdown: REPORT };
    },
  };
  const deps: Deps = {
    run: fakeRunner().run,
    platform: 'linux',
    env: { PATH: '/usr/bin' },
    home: '/home/u',
    pythonExtension: async () => undefined,
    createClient: () => client,
  };
  assert.equal(await activateWith(fakeContext(storage, extensionPath), deps).ready, true);
  const run = stub.commands.get(SHOW_REPORT);
  assert.ok(run, 'goSidecar.showToolsReport is registered');
  const target = { uri: 'file:///w/.vscode/launch.json', config: 'Launch' };
  await run(target);
  assert.deepEqual(requests, [
    { method: 'workspace/executeCommand', params: { command: SERVER_REPORT, arguments: [{ ...target, show: false }] } },
  ]);
  assert.equal(stub.opened.at(-1)?.getText(), REPORT);
  await run();
  assert.deepEqual(requests[1], { method: 'workspace/executeCommand', params: { command: SERVER_REPORT, arguments: [{ show: false }] } });
});
