import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const addon = require('./build/Release/onednn.node');
const C = 64, rows = 128 * 28 * 28, n = rows * C;
const x = Float32Array.from({ length: n }, () => Math.random() * 2 - 1);
const dy = Float32Array.from({ length: n }, () => Math.random() * 2 - 1);
const f = (k: number) => new Float32Array(k);
const scale = Float32Array.from({ length: C }, () => 1), offset = f(C), mean = f(C), variance = f(C), y = f(n);
const dx = f(n), dS = f(C), dO = f(C), dM = f(C), dV = f(C);
for (const relu of [false, true, false, true]) {
  const t: number[] = [], u: number[] = [];
  for (let i = 0; i < 20; i++) {
    let s = performance.now();
    addon.batchNormTraining(x, C, scale, offset, 1e-3, y, mean, variance, relu);
    t.push(performance.now() - s);
    s = performance.now();
    addon.batchNormTrainingGrad(x, mean, variance, scale, 1e-3, dy, dM, dV, dx, dS, dO, offset, relu);
    u.push(performance.now() - s);
  }
  t.sort((a, b) => a - b); u.sort((a, b) => a - b);
  console.log(relu ? 'relu  ' : 'linear', 'fwd', t[10].toFixed(2), 'grad', u[10].toFixed(2), 'ms');
}
