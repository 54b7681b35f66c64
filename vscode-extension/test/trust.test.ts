// Untrusted workspaces: code actions that run a tool (installing Delve) are filtered out, the command refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as vscode from 'vscode';
import { runsTool, trustMiddleware, UNTRUSTED_MESSAGE } from '../src/trust';

function actions(): Array<vscode.CodeAction | vscode.Command> {
  const pin = new vscode.CodeAction('Pin GOROOT to Go 1.22.5', vscode.CodeActionKind.QuickFix);
  pin.edit = {} as vscode.WorkspaceEdit;
  const install = new vscode.CodeAction('Install Delve v1.23.1', vscode.CodeActionKind.QuickFix);
  install.command = { title: 'Install Delve v1.23.1', command: 'sidecar.installDelve', arguments: [{ version: 'v1.23.1' }] };
  const bareCommand: vscode.Command = { title: 'Install Delve', command: 'sidecar.installDelve' };
  const other = new vscode.CodeAction('Re-check', vscode.CodeActionKind.QuickFix);
  other.command = { title: 'Re-check', command: 'sidecar.checkWorkspace' };
  return [pin, install, bareCommand, other];
}

async function provide(trusted: boolean) {
  const notes: string[] = [];
  const mw = trustMiddleware(() => trusted, (m) => notes.push(m));
  const doc = {} as vscode.TextDocument;
  const range = new vscode.Range(0, 0, 0, 1);
  const context = {} as vscode.CodeActionContext;
  const token = {} as vscode.CancellationToken;
  const result = await mw.provideCodeActions!(doc, range, context, token, async () => actions());
  return { titles: (result ?? []).map((a) => a.title), notes, mw };
}

test('trusted: every code action is offered', async () => {
  const { titles } = await provide(true);
  assert.deepEqual(titles, ['Pin GOROOT to Go 1.22.5', 'Install Delve v1.23.1', 'Install Delve', 'Re-check']);
});

test('untrusted: the installDelve actions are filtered out, edits stay', async () => {
  const { titles } = await provide(false);
  assert.deepEqual(titles, ['Pin GOROOT to Go 1.22.5', 'Re-check']);
});

test('untrusted: running sidecar.installDelve anyway is refused with a message', async () => {
  const { mw, notes } = await provide(false);
  const sent: string[] = [];
  const result = await mw.executeCommand!('sidecar.installDelve', [{}], async (c) => sent.push(c));
  assert.equal(result, undefined);
  assert.equal(sent.length, 0);
  assert.deepEqual(notes, [UNTRUSTED_MESSAGE]);
  await mw.executeCommand!('sidecar.checkWorkspace', [], async (c) => sent.push(c));
  assert.deepEqual(sent, ['sidecar.checkWorkspace']);
});

test('trusted: sidecar.installDelve goes to the server', async () => {
  const { mw } = await provide(true);
  const sent: string[] = [];
  await mw.executeCommand!('sidecar.installDelve', [{}], async (c) => sent.push(c));
  assert.deepEqual(sent, ['sidecar.installDelve']);
});

test('runsTool', () => {
  const [pin, install, bare, other] = actions();
  assert.deepEqual([pin, install, bare, other].map(runsTool), [false, true, true, false]);
});

test('null code actions pass through', async () => {
  const mw = trustMiddleware(() => false, () => undefined);
  const r = await mw.provideCodeActions!({} as vscode.TextDocument, new vscode.Range(0, 0, 0, 0), {} as vscode.CodeActionContext, {} as vscode.CancellationToken, async () => null);
  assert.equal(r, null);
});
