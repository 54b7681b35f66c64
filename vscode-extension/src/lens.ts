// The readiness code lenses and the tools report. The server names its own command, `sidecar.toolsReport`, in every
// lens (Neovim and LSP4IJ run it as it is); here the middleware swaps it for goSidecar.showToolsReport, which runs
// that server command and opens the markdown it returns: a server command's result would otherwise be dropped.
import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient';
import type { Server } from './commands';

/** The server's command: `[{uri, config}]` for one configuration, none for the whole workspace; `show: false` as we
 * open the markdown ourselves (without it, a client that takes window/showDocument is shown a file too). */
export const SERVER_REPORT = 'sidecar.toolsReport';
/** The extension's command: the lens's, and the palette's "Go Sidecar: Show Tools Report". */
export const SHOW_REPORT = 'goSidecar.showToolsReport';

/** What a lens passes: the file and the configuration's name. */
export interface ReportTarget {
  uri: string;
  config: string;
}

export function isReportTarget(value: unknown): value is ReportTarget {
  const v = value as Partial<ReportTarget> | null | undefined;
  return !!v && typeof v === 'object' && typeof v.uri === 'string' && typeof v.config === 'string';
}

/** A lens that runs the server's report command runs the extension's instead, with the same arguments. */
export function retarget(lens: vscode.CodeLens): vscode.CodeLens {
  if (lens.command?.command === SERVER_REPORT) lens.command = { ...lens.command, command: SHOW_REPORT };
  return lens;
}

export function lensMiddleware(): Middleware {
  return {
    async provideCodeLenses(document, token, next) {
      const lenses = await next(document, token);
      return lenses ? lenses.map(retarget) : lenses;
    },
  };
}

/** Runs `sidecar.toolsReport` (for the lens's configuration, else the workspace) and opens its markdown. */
export async function showToolsReport(server: Server, target?: unknown): Promise<void> {
  const args = [isReportTarget(target) ? { uri: target.uri, config: target.config, show: false } : { show: false }];
  const result = (await server.executeCommand(SERVER_REPORT, args)) as { markdown?: unknown } | null | undefined;
  const markdown = typeof result?.markdown === 'string' ? result.markdown : '';
  if (!markdown) {
    void vscode.window.showInformationMessage('Go Sidecar: the server has no tools report to show (is a folder open?).');
    return;
  }
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown });
  await vscode.window.showTextDocument(document, { preview: false });
}
