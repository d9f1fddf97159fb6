// `node --import tsx scripts/bench/contract.ts ROOT`: times loading ROOT/openapi.yaml (src/contract/load.ts
// loadContract: read, validate, dereference, extract the operations) and compiling every schema the
// operations name (src/contract/compile.ts SchemaCompiler: parameters, request bodies, responses), in this
// process, and prints one JSON line: { loadMs, compileMs, totalMs, operations, schemas }.
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(process.argv[2] ?? '.');
const started = performance.now();
const { loadContract } = await import(pathToFileURL(join(root, 'src/contract/load.ts')).href);
const { SchemaCompiler } = await import(pathToFileURL(join(root, 'src/contract/compile.ts')).href);
const imported = performance.now();
const contract = await loadContract(join(root, 'openapi.yaml'));
const loaded = performance.now();
const compiler = new SchemaCompiler(contract.document);
let schemas = 0;
for (const op of contract.operations) {
  const list = [
    ...op.parameters.map((p: { schema: unknown }) => p.schema),
    ...(op.requestBody ? [op.requestBody.schema] : []),
    ...Object.values(op.responses as Record<string, { schema?: unknown }>).flatMap((r) => (r.schema ? [r.schema] : [])),
  ];
  for (const schema of list) {
    compiler.compile(schema);
    schemas++;
  }
}
const compiled = performance.now();
process.stdout.write(
  `${JSON.stringify({
    importMs: imported - started,
    loadMs: loaded - imported,
    compileMs: compiled - loaded,
    totalMs: compiled - imported,
    operations: contract.operations.length,
    schemas,
  })}\n`,
);
