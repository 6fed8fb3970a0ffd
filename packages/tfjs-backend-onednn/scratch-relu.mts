import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const addon = require('./build/Release/onednn.node');
for (const C of [32, 64, 128]) {
  const n = 128 * 28 * 28 * 64;
  const y = Float32Array.from({ length: n }, () => Math.max(0, Math.random() * 2 - 1));
  const dy = Float32Array.from({ length: n }, () => Math.random() * 2 - 1);
  const dz = new Float32Array(n), dBias = new Float32Array(C);
  const t: number[] = [], u: number[] = [];
  for (let i = 0; i < 30; i++) {
    let s = performance.now(); addon.reluBiasGrad(y, dy, dz, dBias); t.push(performance.now() - s);
    s = performance.now(); addon.unaryGrad('relu', y, dy, dz); u.push(performance.now() - s);
  }
  t.sort((a, b) => a - b); u.sort((a, b) => a - b);
  console.log(`C ${C}: reluBiasGrad ${t[15].toFixed(2)} ms, unaryGrad relu ${u[15].toFixed(2)} ms, ${(n * 12 / 1e6).toFixed(0)} MB`);
}
