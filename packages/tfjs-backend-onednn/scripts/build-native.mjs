// `npm install` step: builds the oneDNN addon with node-gyp. Uses the Node headers installed next
// to the node binary when present (Debian's nodejs ships them), so no header download is needed.
// A failed build does not fail the install: Kiln then runs on tfjs' 'cpu' backend and
// isOneDnnAvailable() says why.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const prefix = join(dirname(process.execPath), '..');
const args = ['rebuild'];
if (existsSync(join(prefix, 'include', 'node', 'node_api.h'))) args.push(`--nodedir=${prefix}`);

// npm runs lifecycle scripts with its bundled node-gyp in npm_config_node_gyp.
const nodeGyp = process.env.npm_config_node_gyp;
const result = nodeGyp
  ? spawnSync(process.execPath, [nodeGyp, ...args], { cwd: packageDir, stdio: 'inherit' })
  : spawnSync('node-gyp', args, { cwd: packageDir, stdio: 'inherit' });

if (result.status !== 0) {
  console.warn(
    'tfjs-backend-onednn: the native addon did not build, so the onednn backend is unavailable.\n' +
      '  Install oneDNN (apt-get install libdnnl-dev) and a C++ compiler, then: npm rebuild tfjs-backend-onednn',
  );
}
