// Public API of the recipes concern (models, schedules and techniques assembled for one task); re-exported by src/index.ts.
export {
  adaptWhitening,
  buildCifarFastModel,
  trainCifarFast,
  type CifarFastEpoch,
  type CifarFastOptions,
  type CifarFastResult,
} from './cifarFast.js';
