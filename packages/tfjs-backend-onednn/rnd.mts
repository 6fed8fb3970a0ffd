import * as tf from '@tensorflow/tfjs-core';
import 'tfjs-backend-onednn';
await tf.setBackend('onednn');
const x = tf.randomUniform([128,14,14,64]);
for (let r = 0; r < 3; r++) {
  let t = performance.now(); for (let i = 0; i < 5; i++) tf.randomUniform([128,14,14,64], 0, 1, 'float32', 7).dispose(); console.log('randomUniform 1.6M', ((performance.now()-t)/5).toFixed(2), 'ms');
  t = performance.now(); for (let i = 0; i < 5; i++) tf.tidy(() => tf.dropout(x, 0.25, undefined, 3)); console.log('dropout 1.6M', ((performance.now()-t)/5).toFixed(2), 'ms');
}
