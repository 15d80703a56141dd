// Empties dist/ before a build, so a module deleted from src/ is not left behind in dist/ (and
// packed into the tarball with it).
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

rmSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'dist'), { recursive: true, force: true });
