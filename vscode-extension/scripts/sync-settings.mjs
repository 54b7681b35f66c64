// Rewrites package.json's goSidecar.* server settings from ../schemas/settings.schema.json (the one source),
// keeping the extension-only settings. `npm test` fails when the two differ; run `npm run sync-settings`.
import { readFileSync, writeFileSync } from 'node:fs';

const EXTENSION_ONLY = ['goSidecar.interpreter'];
const schemaUrl = new URL('../../schemas/settings.schema.json', import.meta.url);
const pkgUrl = new URL('../package.json', import.meta.url);
const schema = JSON.parse(readFileSync(schemaUrl, 'utf8'));
const pkg = JSON.parse(readFileSync(pkgUrl, 'utf8'));

// VS Code's settings schema has no $defs: every $ref is inlined.
function inline(node) {
  if (Array.isArray(node)) return node.map(inline);
  if (node && typeof node === 'object') {
    if (typeof node.$ref === 'string') return inline(schema.$defs[node.$ref.split('/').pop()]);
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, inline(v)]));
  }
  return node;
}

const old = pkg.contributes.configuration.properties;
const properties = {};
for (const [name, prop] of Object.entries(schema.properties)) properties[`goSidecar.${name}`] = inline(prop);
for (const name of EXTENSION_ONLY) properties[name] = old[name];
pkg.contributes.configuration.properties = properties;
writeFileSync(pkgUrl, JSON.stringify(pkg, null, 2) + '\n');
console.log(`package.json: ${Object.keys(properties).length} settings`);
