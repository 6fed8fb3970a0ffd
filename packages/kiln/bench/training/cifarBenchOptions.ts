import { cifarDataOption } from './cifarDataOption.js';

/** The flags of the benchmarks that train a chapter model on the real CIFAR-10 (for node:util's parseArgs). */
export const cifarBenchOptions = {
  data: cifarDataOption,
  model: { type: 'string', default: 'regular' },
  backend: { type: 'string' },
} as const;
