// fauxqs.mjs: starts the fauxqs S3 emulator on 127.0.0.1 only (its CLI
// listens on every interface) for tests/test_s3.py.  fauxqs lists correctly
// (common prefixes at any depth, pages with continuation tokens) but checks
// no signature: the layout and paging tests run against it.
//
//   node fauxqs.mjs NODE_MODULES PORT [DATA_DIR]
//
// With DATA_DIR the objects are kept there as files (fauxqs's file-based
// S3 persistence, wired as its startFauxqs does), so a server killed and
// started again on the same directory still has them.
//
// Prints "ready PORT" once listening; stops on SIGTERM.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [modules, port, dataDir] = process.argv.slice(2);
const dist = (file) => pathToFileURL(join(modules, 'fauxqs', 'dist', file)).href;
const { buildApp } = await import(dist('app.js'));
let stores;
if (dataDir) {
  const { S3Store } = await import(dist('s3/s3Store.js'));
  const { FileS3Persistence } = await import(dist('s3/fileS3Persistence.js'));
  const s3Store = new S3Store();
  const persistence = new FileS3Persistence(dataDir);
  persistence.loadS3(s3Store);
  s3Store.persistence = persistence;
  stores = { s3Store };
}
const app = buildApp({ logger: false, ...(stores ? { stores } : {}) });
await app.listen({ port: Number(port), host: '127.0.0.1' });
console.log(`ready ${port}`);
process.on('SIGTERM', async () => {
  await app.close();
  process.exit(0);
});
