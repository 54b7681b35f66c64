// Bundles the extension into dist/extension.js (`vscode` is provided by the editor), or, with --tests, each
// test/*.test.ts into out/test/ with `vscode` resolved to the stub in test/stubs/vscode.js.
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';

const production = process.argv.includes('--production');
const tests = process.argv.includes('--tests');

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
};

if (tests) {
  rmSync('out', { recursive: true, force: true });
  await esbuild.build({
    ...common,
    entryPoints: readdirSync('test').filter((f) => f.endsWith('.test.ts')).map((f) => `test/${f}`),
    outdir: 'out/test',
    sourcemap: 'inline',
    alias: { vscode: './test/stubs/vscode.js' },
  });
} else {
  // dist/extension.js requires ./languageclient.js (the other bundle) only when it starts the server.
  const ownBundle = {
    name: 'languageclient-bundle',
    setup(build) {
      build.onResolve({ filter: /^\.\/languageclient\.js$/ }, (args) => ({ path: args.path, external: true }));
    },
  };
  await esbuild.build({
    ...common,
    entryPoints: ['src/extension.ts', 'src/languageclient.ts'],
    outdir: 'dist',
    external: ['vscode'],
    plugins: [ownBundle],
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
  });
}
