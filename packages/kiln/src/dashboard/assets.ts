import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A file the dashboard serves, and its Content-Type. */
export interface Asset {
  readonly file: string;
  readonly type: string;
}

const staticDir = fileURLToPath(new URL('../../static/dashboard/', import.meta.url));
const require = createRequire(import.meta.url);
/** The browser build next to a package's entry point (Vega's packages keep `build/<name>.min.js` there). */
const browserBuild = (pkg: string): string => join(dirname(require.resolve(pkg)), `${pkg}.min.js`);

const javascript = 'text/javascript; charset=utf-8';

/**
 * Every path the dashboard serves a file for, and nothing else: requests are looked up in this
 * table by their exact path, so no request can name a file outside it (no path is ever joined
 * onto a folder from the URL).
 */
export function dashboardAssets(): ReadonlyMap<string, Asset> {
  return new Map([
    ['/', { file: join(staticDir, 'index.html'), type: 'text/html; charset=utf-8' }],
    ['/assets/app.js', { file: join(staticDir, 'app.js'), type: javascript }],
    ['/assets/app.css', { file: join(staticDir, 'app.css'), type: 'text/css; charset=utf-8' }],
    ['/assets/vega.min.js', { file: browserBuild('vega'), type: javascript }],
    ['/assets/vega-lite.min.js', { file: browserBuild('vega-lite'), type: javascript }],
    ['/assets/vega-embed.min.js', { file: browserBuild('vega-embed'), type: javascript }],
  ]);
}
