import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const addon = require('./build/Release/onednn.node');
const [N, H, W, C] = [Number(process.argv[2] ?? 128), 28, 28, 64];
const x = Float32Array.from({ length: N * H * W * C }, () => Math.max(0, Math.random() * 2 - 1));
const dy = Float32Array.from({ length: N * 14 * 14 * C }, () => Math.random());
const dx = new Float32Array(x.length), y = new Float32Array(dy.length);
// n,h,w,c,oh,ow,oc,kh,kw,sh,sw,pt,pl,pb,pr,dh,dw,depthwise
const g = [N, H, W, C, 14, 14, C, 2, 2, 2, 2, 0, 0, 0, 0, 1, 1, 0];
const t: number[] = [], u: number[] = [];
for (let i = 0; i < 30; i++) {
  let s = performance.now(); addon.poolForward(x, y, g, true); t.push(performance.now() - s);
  s = performance.now(); addon.poolBackward(dy, x, dx, g, true); u.push(performance.now() - s);
}
t.sort((a, b) => a - b); u.sort((a, b) => a - b);
console.log('fwd', t[15].toFixed(2), 'bwd', u[15].toFixed(2), 'ms; MB moved fwd', ((x.length + y.length) * 4 / 1e6).toFixed(0), 'bwd', ((2 * x.length + dy.length) * 4 / 1e6).toFixed(0));
