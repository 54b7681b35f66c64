'use strict';
// A stub of the `vscode` module for unit tests: what the extension uses, recording what it does. Tests steer it
// through `_stub` (trust, settings, folders, installed extensions, answers to prompts) and call `_stub.reset()`.

class Disposable {
  constructor(fn) {
    this._fn = fn;
  }
  dispose() {
    if (this._fn) this._fn();
    this._fn = undefined;
  }
  static from(...items) {
    return new Disposable(() => items.forEach((d) => d && d.dispose && d.dispose()));
  }
}

class EventEmitter {
  constructor() {
    this._listeners = new Set();
    this.event = (listener) => {
      this._listeners.add(listener);
      return new Disposable(() => this._listeners.delete(listener));
    };
  }
  fire(e) {
    for (const l of [...this._listeners]) l(e);
  }
  dispose() {
    this._listeners.clear();
  }
}

class Uri {
  constructor(scheme, path) {
    this.scheme = scheme;
    this.path = path;
    this.fsPath = path;
  }
  static file(p) {
    return new Uri('file', p);
  }
  static parse(value) {
    const m = /^([a-z][a-z0-9+.-]*):(.*)$/i.exec(value);
    return m ? new Uri(m[1], m[2].replace(/^\/\//, '')) : Uri.file(value);
  }
  static joinPath(base, ...parts) {
    return Uri.file(require('node:path').join(base.fsPath, ...parts));
  }
  toString() {
    return `${this.scheme}://${this.path}`;
  }
}

class Position {
  constructor(line, character) {
    this.line = line;
    this.character = character;
  }
}

class Range {
  constructor(a, b, c, d) {
    if (typeof a === 'number') {
      this.start = new Position(a, b);
      this.end = new Position(c, d);
    } else {
      this.start = a;
      this.end = b;
    }
  }
}

class CodeActionKind {
  constructor(value) {
    this.value = value;
  }
}
CodeActionKind.QuickFix = new CodeActionKind('quickfix');

class CodeAction {
  constructor(title, kind) {
    this.title = title;
    this.kind = kind;
  }
}

const ProgressLocation = { SourceControl: 1, Window: 10, Notification: 15 };

function makeChannel(name, options) {
  const channel = {
    name,
    log: !!(options && options.log),
    lines: [],
    shown: 0,
    append(text) {
      channel.lines.push(text);
    },
    appendLine(text) {
      channel.lines.push(text + '\n');
    },
    clear() {
      channel.lines = [];
    },
    show() {
      channel.shown++;
    },
    hide() {},
    dispose() {},
    text() {
      return channel.lines.join('');
    },
  };
  for (const level of ['trace', 'debug', 'info', 'warn', 'error']) {
    channel[level] = (message) => channel.lines.push(`[${level}] ${message}\n`);
  }
  return channel;
}

const state = {};

function reset() {
  state.trusted = true;
  state.settings = {}; // "goSidecar.toolchainRoots" -> value
  state.workspaceFolders = [];
  state.extensions = {}; // id -> { isActive, exports, activate() }
  state.channels = [];
  state.commands = new Map();
  state.executed = []; // [id, ...args] of commands run that are not registered here
  state.messages = []; // { level, message, items, options }
  state.progress = []; // options of withProgress
  // Answers to prompts: (kind, ...args) => value; kind is 'error', 'warning', 'information' or 'quickPick'.
  state.answer = () => undefined;
  state.onDidChangeConfiguration = new EventEmitter();
  state.onDidGrantWorkspaceTrust = new EventEmitter();
  // Open documents ({ fileName, languageId }), and the events that tell of more.
  state.textDocuments = [];
  state.onDidOpenTextDocument = new EventEmitter();
  state.onDidChangeWorkspaceFolders = new EventEmitter();
  state.watchers = []; // { glob, onDidCreate: EventEmitter, disposed }
  state.opened = []; // documents made by workspace.openTextDocument({ language, content })
  state.shown = []; // { document, options } of window.showTextDocument
  state.terminals = []; // { options, shown, sent } of window.createTerminal; close one with closeTerminal(t, code)
  state.onDidCloseTerminal = new EventEmitter();
  state.openDialogs = []; // options of window.showOpenDialog (answered by answer('openDialog', options))
  state.openedExternal = []; // env.openExternal(uri): uri.toString()
  state.updates = []; // [key, value, target] of WorkspaceConfiguration.update
}
reset();
state.reset = reset;
state.closeTerminal = (terminal, code) => {
  terminal.exitStatus = { code, reason: 2 };
  state.onDidCloseTerminal.fire(terminal);
};

function message(level) {
  return (msg, ...rest) => {
    let options;
    if (rest.length && rest[0] && typeof rest[0] === 'object' && !Array.isArray(rest[0]) && !('title' in rest[0])) {
      options = rest.shift();
    }
    state.messages.push({ level, message: msg, items: rest, options });
    return Promise.resolve(state.answer(level, msg, rest, options));
  };
}

const window = {
  createOutputChannel(name, options) {
    const channel = makeChannel(name, options);
    state.channels.push(channel);
    return channel;
  },
  showErrorMessage: message('error'),
  showWarningMessage: message('warning'),
  showInformationMessage: message('information'),
  showQuickPick(items, options) {
    return Promise.resolve(items).then((list) => state.answer('quickPick', list, options));
  },
  showTextDocument(document, options) {
    state.shown.push({ document, options });
    return Promise.resolve({ document });
  },
  createTerminal(options) {
    const terminal = {
      name: options && options.name,
      creationOptions: options,
      exitStatus: undefined,
      shown: 0,
      sent: [],
      show() {
        terminal.shown++;
      },
      sendText(text) {
        terminal.sent.push(text);
      },
      dispose() {},
    };
    state.terminals.push(terminal);
    return terminal;
  },
  onDidCloseTerminal: (l) => state.onDidCloseTerminal.event(l),
  showOpenDialog(options) {
    state.openDialogs.push(options);
    return Promise.resolve(state.answer('openDialog', options));
  },
  withProgress(options, task) {
    state.progress.push(options);
    return Promise.resolve(task({ report() {} }, { isCancellationRequested: false, onCancellationRequested: () => new Disposable() }));
  },
};

const commands = {
  registerCommand(id, fn) {
    if (state.commands.has(id)) throw new Error(`command '${id}' already exists`);
    state.commands.set(id, fn);
    return new Disposable(() => state.commands.delete(id));
  },
  executeCommand(id, ...args) {
    const fn = state.commands.get(id);
    if (fn) return Promise.resolve(fn(...args));
    state.executed.push([id, ...args]);
    return Promise.resolve(undefined);
  },
};

const workspace = {
  get isTrusted() {
    return state.trusted;
  },
  get workspaceFolders() {
    return state.workspaceFolders.map((p, index) => ({ uri: Uri.file(p), name: require('node:path').basename(p), index }));
  },
  getConfiguration(section) {
    const prefix = section ? section + '.' : '';
    return {
      get(key, defaultValue) {
        const v = state.settings[prefix + key];
        return v === undefined ? defaultValue : v;
      },
      has(key) {
        return prefix + key in state.settings;
      },
      inspect() {
        return undefined;
      },
      update(key, value, target) {
        state.updates.push([prefix + key, value, target]);
        return Promise.resolve();
      },
    };
  },
  openTextDocument(what) {
    const document = { uri: new Uri('untitled', `Untitled-${state.opened.length + 1}`), languageId: what.language, text: what.content };
    document.getText = () => what.content;
    state.opened.push(document);
    return Promise.resolve(document);
  },
  onDidChangeConfiguration: (l) => state.onDidChangeConfiguration.event(l),
  onDidGrantWorkspaceTrust: (l) => state.onDidGrantWorkspaceTrust.event(l),
  get textDocuments() {
    return state.textDocuments;
  },
  onDidOpenTextDocument: (l) => state.onDidOpenTextDocument.event(l),
  onDidChangeWorkspaceFolders: (l) => state.onDidChangeWorkspaceFolders.event(l),
  createFileSystemWatcher(glob) {
    const w = { glob, onDidCreateEmitter: new EventEmitter(), disposed: false };
    state.watchers.push(w);
    return {
      onDidCreate: w.onDidCreateEmitter.event,
      onDidChange: () => new Disposable(),
      onDidDelete: () => new Disposable(),
      dispose() {
        w.disposed = true;
      },
    };
  },
};

const env = {
  openExternal(uri) {
    state.openedExternal.push(uri.toString());
    return Promise.resolve(true);
  },
};

const ConfigurationTarget = { Global: 1, Workspace: 2, WorkspaceFolder: 3 };

const extensions = {
  getExtension(id) {
    return state.extensions[id];
  },
};

module.exports = {
  Disposable,
  EventEmitter,
  Uri,
  Position,
  Range,
  CodeAction,
  CodeActionKind,
  ProgressLocation,
  window,
  commands,
  workspace,
  extensions,
  env,
  ConfigurationTarget,
  _stub: state,
};
