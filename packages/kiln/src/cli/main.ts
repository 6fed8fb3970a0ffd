#!/usr/bin/env node
import * as tf from '@tensorflow/tfjs-core';
import { runCli } from './runCli.js';

// Production mode skips tfjs' debug checks and its "install tfjs-node" banner.
tf.enableProdMode();
process.exitCode = await runCli(process.argv.slice(2));
