// The floor under the audit and batch-routing targets: embedded DuckDB (the engine the issue
// fixes) only counting the rows of a CSV, as a whole process. No typing, no checks, no output;
// anything gtmap does on top of reading the file comes on top of this. `node bench/duckdb-floor.mjs <file>`.
import { DuckDBInstance } from '@duckdb/node-api';

const instance = await DuckDBInstance.create(':memory:');
const conn = await instance.connect();
const file = process.argv[2].replaceAll("'", "''");
const rows = await conn.runAndReadAll(`SELECT count(*) AS n FROM read_csv('${file}', all_varchar = true, header = true)`);
console.log(String(rows.getRowsJS()[0][0]));
conn.closeSync();
instance.closeSync();
