import type { Command } from 'commander';
import { registerCompare } from './compare.js';
import { registerDashboard } from './dashboard.js';
import { registerEnsemble } from './ensemble.js';
import { registerEvaluate } from './evaluate.js';
import { registerPredict } from './predict.js';
import { registerReport } from './report.js';
import { registerStudy } from './study.js';
import { registerSummary } from './summary.js';
import { registerTrain } from './train.js';
import { registerTune } from './tune.js';

/** Every `kiln` subcommand, in help order: each adds itself to the program. Append new ones here. */
export const commands: readonly ((program: Command) => void)[] = [
  registerTrain,
  registerEvaluate,
  registerPredict,
  registerSummary,
  registerCompare,
  registerTune,
  registerStudy,
  registerEnsemble,
  registerReport,
  registerDashboard,
];
