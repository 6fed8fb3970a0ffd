/** The flags of the benchmarks that train a chapter model on the real CIFAR-10 (for node:util's parseArgs). */
export const cifarBenchOptions = {
  data: {
    type: 'string',
    default:
      process.env.KILN_DATA ?? new URL('../../../../../shared/data/cifar-10-binary.tar.gz', import.meta.url).pathname,
  },
  model: { type: 'string', default: 'regular' },
  backend: { type: 'string' },
} as const;
