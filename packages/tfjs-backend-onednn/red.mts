import { nativeAddon } from './src/native.js';
const a = nativeAddon();
for (const [c, hw] of [[64, 28], [32, 30], [128, 10]] as const) {
  const dims = [128, hw, hw, c]; const n = dims.reduce((p, q) => p * q);
  const x = new Float32Array(n).fill(0.5); const y = new Float32Array(c); const out = new Float32Array(n);
  for (const [name, f] of [['reduce', () => a.reduce('sum', x, dims, y, [1,1,1,c])], ['relu', () => a.eltwise('relu', x, out, 0)], ['reluGrad', () => (a as any).unaryGrad('relu', x, x, out)]] as const) {
    for (let i = 0; i < 5; i++) f();
    let best = 1e9; for (let r = 0; r < 20; r++) { const t = performance.now(); f(); best = Math.min(best, performance.now() - t); }
    console.log(name, dims.join('x'), best.toFixed(3), 'ms', (n * 4 / best / 1e6).toFixed(1), 'GB/s read');
  }
}
