// The language client: how the server is started and what the client tells it.
import type { LanguageClientOptions } from 'vscode-languageclient/node';

export const CLIENT_ID = 'goSidecar';
export const CLIENT_NAME = 'Go Sidecar Server';
/** -I: isolated mode, so that nothing in the environment or the current folder shadows the server's modules. */
export const SERVER_ARGS: readonly string[] = ['-I', '-m', 'go_sidecar', 'serve'];

/** The files the server checks, in any folder of the workspace. */
export const DOCUMENT_SELECTOR = [
  { scheme: 'file', pattern: '**/.vscode/launch.json' },
  { scheme: 'file', pattern: '**/.vscode/settings.json' },
  { scheme: 'file', pattern: '**/go.mod' },
  { scheme: 'file', pattern: '**/go.work' },
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

/** vscode-languageclient is loaded here, when the server starts, not when the extension activates. */
export const createLanguageClient: ClientFactory = (server, options) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lc = require('./languageclient.js') as typeof import('./languageclient');
  return new lc.LanguageClient(
    CLIENT_ID,
    CLIENT_NAME,
    { command: server.command, args: server.args, options: { cwd: server.cwd, env: server.env } },
    { revealOutputChannelOn: lc.RevealOutputChannelOn.Never, ...options },
  );
};
