import * as tf from '@tensorflow/tfjs-core';
import 'tfjs-backend-onednn';
await tf.setBackend('onednn');
const time = (label: string, f: () => tf.Tensor) => {
  const t: number[] = [];
  for (let i = 0; i < 200; i++) { const s = performance.now(); const m = f(); t.push(performance.now() - s); m.dispose(); }
  t.sort((p, q) => p - q);
  console.log(label.padEnd(40), t[100].toFixed(3), 'ms');
};
const a = tf.randomUniform([128, 1, 1, 128]);
const b = tf.randomUniform([128, 2, 2, 128]);
const c = tf.randomUniform([128, 10]);
time('mean [128,1,1,128] [1,2]', () => tf.mean(a, [1, 2]));
time('mean [128,2,2,128] [1,2]', () => tf.mean(b, [1, 2]));
time('sum [128,2,2,128] [1,2]', () => tf.sum(b, [1, 2]));
time('relu [128,2,2,128]', () => tf.relu(b));
time('mul [128,10]x[128,10]', () => tf.mul(c, c));
time('softmax [128,10]', () => tf.softmax(c));
time('add 1 elem', () => tf.add(tf.scalar(1), tf.scalar(2)));
const d = tf.randomUniform([128, 1]);
time('mul [128,1]x[128,10]', () => tf.mul(d, c));
time('div [128,10]/[128,1]', () => tf.div(c, d));
time('matmul [128,10]x[10,32]', () => tf.matMul(c, tf.randomUniform([10, 32])));
