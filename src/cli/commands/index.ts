// Every command, one module each. A module registers its command and loads its
// heavy dependencies (renderer, browser) inside the action, so `gtmap lint` starts fast.
import type { Command } from 'commander';
import { register as audit } from './audit.js';
import { register as build } from './build.js';
import { register as init } from './init.js';
import { register as codeowners } from './codeowners.js';
import { register as diff } from './diff.js';
import { register as lint } from './lint.js';
import { register as serve } from './serve.js';
import { register as rules } from './rules.js';
import { register as route } from './route.js';
import { register as test } from './test.js';

export type Register = (program: Command, setExit: (code: number) => void) => void;

export const commands: Register[] = [init, lint, build, diff, codeowners, serve, rules, route, test, audit];
