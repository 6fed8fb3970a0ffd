import type * as tfl from '@tensorflow/tfjs-layers';
import type { ModelContext } from './modelContext.js';
import { buildMlp } from './mlp.js';
import { buildResnet } from './resnet.js';

/** Kiln's built-in models that adapt to the data (input shape, outputs, task), by name. */
export const architectures: Readonly<Record<string, (context: ModelContext) => tfl.LayersModel>> = {
  mlp: (context) => buildMlp(context),
  resnet: (context) => buildResnet(context),
};

export const architectureNames: readonly string[] = Object.keys(architectures);
