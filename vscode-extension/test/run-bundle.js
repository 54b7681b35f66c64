'use strict';
// Run by test/bundle.test.ts in a plain Node process, as an extension host would: loads dist/extension.js with
// `vscode` resolved to the stub, activates it, waits for the first start, and prints what happened as JSON.
//   node test/run-bundle.js DIST STORAGE EXTENSION_PATH
const Module = require('node:module');
const path = require('node:path');
const stub = require('./stubs/vscode.js');

const [dist, storage, extensionPath] = process.argv.slice(2);
const load = Module._load;
Module._load = function (request, ...rest) {
  return request === 'vscode' ? stub : load.call(this, request, ...rest);
};
const packageJSON = require(path.join(__dirname, '..', 'package.json'));
const context = {
  subscriptions: [],
  globalStorageUri: stub.Uri.file(storage),
  extensionPath,
  asAbsolutePath: (p) => path.join(extensionPath, p),
  extension: { id: 'go-sidecar.go-sidecar', packageJSON },
};

// A window with Go in it (a go.mod open), so that the server starts at once (src/gate.ts).
stub._stub.textDocuments = [{ fileName: path.join(storage, '..', 'go.mod'), languageId: 'go.mod' }];

const t0 = performance.now();
const ext = require(dist);
const loadMs = performance.now() - t0;
const t1 = performance.now();
const api = ext.activate(context);
const activateMs = performance.now() - t1;
api.ready.then(async (running) => {
  await ext.deactivate();
  const s = stub._stub;
  process.stdout.write(JSON.stringify({
    loadMs,
    activateMs,
    ownMs: api.activationMs,
    running,
    commands: [...s.commands.keys()].sort(),
    messages: s.messages.map((m) => ({ level: m.level, message: m.message, items: m.items })),
    log: s.channels.find((c) => c.name === 'Go Sidecar Server').text(),
  }));
});
