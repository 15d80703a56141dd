// Validation: schema errors per file, then references and conditions across the merged map.
import type { Diagnostic } from '../diagnostic.js';
import type { Model } from '../model/index.js';
import { validateReferences } from './refs.js';
import { validateSchema } from './schema.js';

export function validate(model: Model): Diagnostic[] {
  return [...validateSchema(model.files), ...validateReferences(model)];
}
