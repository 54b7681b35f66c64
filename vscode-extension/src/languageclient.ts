// A bundle of its own (dist/languageclient.js), required when the server starts: vscode-languageclient is most
// of the extension's code, and compiling it would otherwise cost activation ~25 ms.
export { LanguageClient, RevealOutputChannelOn } from 'vscode-languageclient/node';
