import type { FrozenTrial } from '../../src/tuning/frozenTrial.js';

/** A FrozenTrial for tests: COMPLETE, no value, parameters or attributes unless `fields` gives them; its id is its number. */
export function frozenTrial(fields: Partial<FrozenTrial> & { readonly number: number }): FrozenTrial {
  return {
    trialId: fields.number,
    state: 'COMPLETE',
    value: null,
    values: null,
    params: {},
    distributions: {},
    intermediateValues: new Map(),
    userAttrs: {},
    systemAttrs: {},
    datetimeStart: null,
    datetimeComplete: null,
    ...fields,
  };
}
