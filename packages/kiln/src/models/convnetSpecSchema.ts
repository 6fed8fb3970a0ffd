import { z } from 'zod';
import type { ConvnetSpec } from './convnetSpec.js';
import { optimizerNames } from '../optimizers/index.js';

const dropout = z
  .number({ error: 'must be a number from 0 (no dropout) up to, not including, 1' })
  .gte(0, { error: 'must be from 0 (no dropout) up to, not including, 1' })
  .lt(1, { error: 'must be from 0 (no dropout) up to, not including, 1' })
  .optional();

const positiveInteger = (what: string) =>
  z
    .number({ error: `must be ${what}` })
    .int({ error: `must be ${what}` })
    .positive({ error: `must be ${what}` });

/** The schema of a ConvnetSpec file: every field checked, none unknown, so a typo never trains something else. */
export const convnetSpecSchema = z.strictObject({
  convolution: z.enum(['separable', 'regular'], { error: 'must be "separable" or "regular"' }),
  blocks: z
    .array(
      z.strictObject({
        filters: z
          .array(positiveInteger('a whole number of filters, 1 or more'), { error: 'must be a list of filter counts' })
          .min(1, { error: 'must list at least one convolution' }),
        maxPooling: z.boolean({ error: 'must be true or false' }),
        dropout,
      }),
      { error: 'must be a list of convolution blocks' },
    )
    .min(1, { error: 'must hold at least one convolution block' }),
  batchNormalization: z.boolean({ error: 'must be true or false' }),
  head: z.enum(['flatten', 'globalAveragePooling'], { error: 'must be "flatten" or "globalAveragePooling"' }),
  dense: z.array(z.strictObject({ units: positiveInteger('a whole number of units, 1 or more'), dropout }), {
    error: 'must be a list of dense layers (it may be empty)',
  }),
  optimizer: z.strictObject(
    {
      name: z.enum(optimizerNames, { error: `must be one of ${optimizerNames.map((n) => `"${n}"`).join(', ')}` }),
      learningRate: z
        .number({ error: 'must be a positive number' })
        .positive({ error: 'must be a positive number' })
        .optional(),
    },
    { error: 'must be an object like {"name": "rmsprop", "learningRate": 0.001}' },
  ),
});

/** The value at `path` inside `value`, for saying what was received. */
function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>(
    (node, key) =>
      node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined,
    value,
  );
}

function fieldName(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (name, key) => (typeof key === 'number' ? `${name}[${key}]` : name === '' ? String(key) : `${name}.${String(key)}`),
    '',
  );
}

/**
 * Checks that `value` (parsed JSON) is a ConvnetSpec; throws one error listing each wrong field
 * with the value received and what is allowed, prefixed with `source` (the file it came from).
 */
export function parseConvnetSpec(value: unknown, source: string): ConvnetSpec {
  const result = convnetSpecSchema.safeParse(value);
  if (result.success) return result.data as ConvnetSpec;
  const problems = result.error.issues.map((issue) => {
    const field = fieldName(issue.path);
    if (issue.code === 'unrecognized_keys') {
      return `${field === '' ? 'the spec' : field} has unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
    }
    const received = valueAt(value, issue.path);
    const shown = received === undefined ? 'missing' : `${JSON.stringify(received)}`;
    return `${field === '' ? 'the spec' : field} is ${shown}: it ${issue.message}`;
  });
  throw new Error(
    `${source} is not a valid ConvnetSpec: ${problems.join('; ')} ` +
      '(a spec has convolution, blocks, batchNormalization, head, dense and optimizer; `kiln tune` saves one as spec.json in each trial folder)',
  );
}
