// Whether this window needs the server. The extension activates on `onLanguage:jsonc` too, so that a restored
// launch.json or settings.json editor activates it in VS Code's first batch of activations (workspaceContains
// events wait until those have finished: about a second later in code-server on a busy machine). JSON with
// comments is also every tsconfig.json and the user's own settings.json, so in a window with no Go in it the
// server (a Python process) is not started until Go appears: a go.mod, go.work or .vscode/launch.json in a
// workspace folder, or a Go file, go.mod, go.work or launch.json opened. Commands start it whenever they are run.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

/** What makes a workspace folder one the server checks (the extension's workspaceContains events). */
export const FOLDER_MARKERS: readonly string[] = ['go.mod', 'go.work', path.join('.vscode', 'launch.json')];
export const MARKER_GLOB = '**/{go.mod,go.work,.vscode/launch.json}';

/** A document whose opening means Go is being worked on here. */
export function isGoDocument(doc: { languageId: string; fileName: string }): boolean {
  if (doc.languageId === 'go' || doc.languageId === 'go.mod' || doc.languageId === 'go.work') return true;
  const name = path.basename(doc.fileName);
  if (name === 'go.mod' || name === 'go.work') return true;
  return name === 'launch.json' && path.basename(path.dirname(doc.fileName)) === '.vscode';
}

/** Why the server is wanted now (for the log), or undefined when nothing here is Go. Synchronous (a few
 * existsSync calls), so that activate() can start the server in its own tick. */
export function wantedBecauseSync(): string | undefined {
  const doc = vscode.workspace.textDocuments.find(isGoDocument);
  if (doc) return `${path.basename(doc.fileName)} is open`;
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (folder.uri.scheme !== 'file') continue;
    for (const marker of FOLDER_MARKERS) {
      if (existsSync(path.join(folder.uri.fsPath, marker))) return `${folder.name} has ${marker}`;
    }
  }
  return undefined;
}

/** Resolves (with the reason) once Go appears: a Go document opened, a marker file created, a folder added. */
export function whenWanted(subscriptions: { dispose(): unknown }[]): Promise<string> {
  return new Promise((resolve) => {
    const listeners: vscode.Disposable[] = [];
    let done = false;
    const finish = (why: string) => {
      if (done) return;
      done = true;
      for (const l of listeners) l.dispose();
      resolve(why);
    };
    const watcher = vscode.workspace.createFileSystemWatcher(MARKER_GLOB, false, true, true);
    listeners.push(
      watcher,
      watcher.onDidCreate((uri) => finish(`${path.basename(uri.fsPath)} was created`)),
      vscode.workspace.onDidOpenTextDocument((doc) => {
        if (isGoDocument(doc)) finish(`${path.basename(doc.fileName)} was opened`);
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        const why = wantedBecauseSync();
        if (why) finish(why);
      }),
    );
    subscriptions.push({ dispose: () => finish('disposed') });
  });
}
