/** The `--data` option of the CIFAR-10 training benchmarks: $KILN_DATA, else the shared copy beside the checkout. */
export const cifarDataOption = {
  type: 'string',
  default:
    process.env.KILN_DATA ?? new URL('../../../../../shared/data/cifar-10-binary.tar.gz', import.meta.url).pathname,
} as const;
