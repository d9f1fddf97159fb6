import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from './_support/run-cli';

/** `--contract` takes a URL as well as a path: the document is fetched, and the report's sha256 is of the bytes served. */
const bytes = readFileSync(`${ROOT}/openapi.yaml`);
let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/openapi.yaml') res.writeHead(200, { 'content-type': 'application/yaml' }).end(bytes);
    else res.writeHead(404).end('not found');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

describe('--contract URL', () => {
  it('runs on the document fetched from the URL; the report records that URL and the sha256 of its bytes', async () => {
    const run = await runCli(['--contract', `${url}/openapi.yaml`, '--include', 'getHealth', '--examples', '2', '--seed', '1']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.report!.contract.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(run.report!.contract.path).toBe(`${url}/openapi.yaml`);
  });

  it('a URL that serves no document: one line, exit 3', async () => {
    const run = await runCli(['--contract', `${url}/missing.yaml`, '--include', 'getHealth']);
    expect(run.code).toBe(3);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});
