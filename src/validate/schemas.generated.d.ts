// Declarations for dist/validate/schemas.generated.js, written by scripts/compile-schemas.mjs at build time.
import type { ErrorObject } from 'ajv';
type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
export declare const header: Validator;
export declare const file: Validator;
