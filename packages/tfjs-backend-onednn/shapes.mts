import * as tf from '@tensorflow/tfjs-core';
import './src/index.js';
import { buildModel } from '../kiln/src/models/index.js';
const [modelName='separable-bn', kernelsArg='Add,Multiply'] = process.argv.slice(2);
const want = kernelsArg.split(',');
await tf.setBackend('onednn');
const model = buildModel(modelName, { seed: 1 });
const x = tf.randomUniform([128, 32, 32, 3]);
const y = tf.cast(tf.oneHot(tf.randomUniform([128], 0, 10, 'int32'), 10), 'float32');
await model.trainOnBatch(x, y); console.log("STEP"); await model.trainOnBatch(x, y); console.log("STEP");
const profile = await tf.profile(async () => { await model.trainOnBatch(x, y); });
const rows = new Map<string, {ms:number, n:number}>();
for (const k of profile.kernels) {
  if (!want.includes(k.name)) continue;
  const key = `${k.name} ${JSON.stringify(k.inputShapes)}`;
  const e = rows.get(key) ?? {ms:0,n:0}; e.ms += (await k.kernelTimeMs) as number; e.n++; rows.set(key, e);
}
for (const [k,e] of [...rows].sort((a,b)=>b[1].ms-a[1].ms).slice(0,25)) console.log(e.ms.toFixed(1).padStart(7), e.n, k);
