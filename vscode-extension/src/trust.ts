// Untrusted workspaces: diagnostics and edit fixes work, fixes that run a tool are not offered or run.
import type * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient';

/** Server commands that run a program (`go install` of Delve). */
export const TOOL_COMMANDS: ReadonlySet<string> = new Set(['sidecar.installDelve']);

export function runsTool(item: vscode.Command | vscode.CodeAction): boolean {
  const command = (item as { command?: unknown }).command;
  if (typeof command === 'string') return TOOL_COMMANDS.has(command); // a Command
  const nested = command as vscode.Command | undefined; // a CodeAction's command
  return !!nested && TOOL_COMMANDS.has(nested.command);
}

export const UNTRUSTED_MESSAGE =
  'Go Sidecar runs no tools in an untrusted workspace (installing Delve included). Trust the workspace to use it.';

export function trustMiddleware(isTrusted: () => boolean, notify: (message: string) => void): Middleware {
  return {
    async provideCodeActions(document, range, context, token, next) {
      const actions = await next(document, range, context, token);
      if (!actions || isTrusted()) return actions;
      return actions.filter((a) => !runsTool(a));
    },
    async executeCommand(command, args, next) {
      if (!isTrusted() && TOOL_COMMANDS.has(command)) {
        notify(UNTRUSTED_MESSAGE);
        return undefined;
      }
      return next(command, args);
    },
  };
}
