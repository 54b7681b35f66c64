// Shared by the tests: the vscode stub's controls, a fake extension context, temporary folders, a fake runner.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunOptions, RunResult, Runner } from '../src/process';

export const ROOT = path.resolve(__dirname, '..', '..'); // out/test -> the extension folder

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const stub = (vscode as any)._stub as {
  reset(): void;
  trusted: boolean;
  settings: Record<string, unknown>;
  workspaceFolders: string[];
  extensions: Record<string, unknown>;
  channels: Array<{ name: string; shown: number; text(): string }>;
  commands: Map<string, (...args: unknown[]) => unknown>;
  executed: unknown[][];
  messages: Array<{ level: string; message: string; items: string[]; options?: { modal?: boolean; detail?: string } }>;
  progress: Array<{ title?: string }>;
  answer: (kind: string, ...args: unknown[]) => unknown;
  onDidChangeConfiguration: { fire(e: unknown): void };
  onDidGrantWorkspaceTrust: { fire(e?: unknown): void };
  textDocuments: Array<{ fileName: string; languageId: string }>;
  onDidOpenTextDocument: { fire(e: { fileName: string; languageId: string }): void };
  onDidChangeWorkspaceFolders: { fire(e?: unknown): void };
  watchers: Array<{ glob: string; onDidCreateEmitter: { fire(e: unknown): void }; disposed: boolean }>;
  opened: Array<{ uri: { scheme: string }; languageId: string; getText(): string }>;
  shown: Array<{ document: unknown; options?: { preview?: boolean } }>;
  terminals: Array<{ name?: string; creationOptions: { shellPath?: string; shellArgs?: string | string[]; cwd?: string }; shown: number; exitStatus?: { code?: number } }>;
  closeTerminal(terminal: unknown, code?: number): void;
  openDialogs: unknown[];
  openedExternal: string[];
  updates: Array<[string, unknown, unknown]>;
};

export function readJson(file: string): any {
  return JSON.parse(readFileSync(file, 'utf8'));
}

export const packageJSON = readJson(path.join(ROOT, 'package.json'));

export function tempDir(t: { after(fn: () => void): void }, prefix = 'sidecar-ext-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function fakeContext(storage: string, extensionPath: string, version = packageJSON.version as string) {
  const subscriptions: Array<{ dispose(): unknown }> = [];
  const context = {
    subscriptions,
    globalStorageUri: vscode.Uri.file(storage),
    extensionPath,
    asAbsolutePath: (p: string) => path.join(extensionPath, p),
    extension: { id: 'go-sidecar.go-sidecar', packageJSON: { ...packageJSON, version } },
  };
  return context as unknown as vscode.ExtensionContext & { subscriptions: typeof subscriptions };
}

export interface Call {
  command: string;
  args: string[];
  options?: RunOptions;
}

/** A runner that records calls and answers with `respond` (default: exit 0, no output). */
export function fakeRunner(respond: (call: Call) => Partial<RunResult> | Promise<Partial<RunResult>> = () => ({})) {
  const calls: Call[] = [];
  const run: Runner = async (command, args, options) => {
    const call = { command, args, options };
    calls.push(call);
    const r = await respond(call);
    return { code: 0, stdout: '', stderr: '', ...r };
  };
  return { run, calls };
}

/** What the probe prints for a Python of this version at this path. */
export function probeOutput(version: string, executable: string): Partial<RunResult> {
  const [major, minor] = version.split('.');
  return { stdout: `(${major}, ${minor})\n${executable}\n` };
}

export const silentLog = { info() {}, warn() {}, error() {} };
