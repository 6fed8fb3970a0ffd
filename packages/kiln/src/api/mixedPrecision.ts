// kiln.mixedPrecision, as keras.mixed_precision: the dtype policy layers compute in.
export {
  globalPolicy,
  policyNames,
  setGlobalPolicy,
  supportsMixedBfloat16,
  type Policy,
  type PolicyName,
} from '../backend/mixedPrecision.js';
