// The baseline of the audit target: a bare streaming line split of a file in Node (no parsing,
// no checks), counting lines. `node bench/line-split.mjs <file>`.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

let lines = 0;
for await (const _ of createInterface({ input: createReadStream(process.argv[2]), crlfDelay: Infinity })) lines++;
console.log(lines);
