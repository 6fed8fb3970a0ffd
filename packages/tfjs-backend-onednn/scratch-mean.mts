import * as tf from '@tensorflow/tfjs-core';
import 'tfjs-backend-onednn';
await tf.setBackend('onednn');
const a = tf.randomUniform([128, 1, 1, 128]);
for (let r = 0; r < 3; r++) {
  const t: number[] = [];
  for (let i = 0; i < 50; i++) { const s = performance.now(); const m = tf.mean(a, [1, 2]); t.push(performance.now() - s); m.dispose(); }
  t.sort((p, q) => p - q);
  console.log('mean [128,1,1,128] over [1,2]:', t[25].toFixed(3), 'ms median');
}
const p = await tf.profile(() => tf.mean(a, [1, 2]));
console.log(p.kernels.map((k) => `${k.name} ${JSON.stringify(k.inputShapes)}`));
