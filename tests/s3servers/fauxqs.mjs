// fauxqs.mjs: starts the fauxqs S3 emulator on 127.0.0.1 only (its CLI
// listens on every interface) for tests/test_s3.py.  fauxqs lists correctly
// (common prefixes at any depth, pages with continuation tokens) but checks
// no signature: the layout and paging tests run against it.
//
//   node fauxqs.mjs NODE_MODULES PORT
//
// Prints "ready PORT" once listening; stops on SIGTERM.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [modules, port] = process.argv.slice(2);
const { buildApp } = await import(pathToFileURL(join(modules, 'fauxqs', 'dist', 'app.js')).href);
const app = buildApp({ logger: false });
await app.listen({ port: Number(port), host: '127.0.0.1' });
console.log(`ready ${port}`);
process.on('SIGTERM', async () => {
  await app.close();
  process.exit(0);
});
