// SHA-256 for the fingerprints of the SARIF and GitLab reports. `node:crypto` is loaded on the
// first call, not at import: it costs every `gtmap lint` start-up, and most runs never hash.
import { createRequire } from 'node:module';

let crypto: typeof import('node:crypto') | undefined;

/** The SHA-256 of a text, as lowercase hex. */
export function sha256Hex(text: string): string {
  crypto ??= createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  return crypto.createHash('sha256').update(text).digest('hex');
}
