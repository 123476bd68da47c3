// s3rver.mjs: starts @20minutes/s3rver on 127.0.0.1 for tests/test_s3.py.
// It verifies AWS Signature Version 4 (a wrong secret gets
// SignatureDoesNotMatch), so the signing and credential tests run against
// it; it misses common prefixes two or more levels down, so no layout test
// does.  Needs Node >= 24 and NODE_OPTIONS=--openssl-legacy-provider.
//
//   node s3rver.mjs NODE_MODULES PORT DIRECTORY BUCKETS [ACCESS_KEY:SECRET ...]
//
// BUCKETS is a comma-separated list made at start.  Each ACCESS_KEY:SECRET
// adds a key pair beside the built-in S3RVER:S3RVER (s3rver has one account:
// every pair may use every bucket).  Prints "ready PORT"; stops on SIGTERM.
import { createRequire } from 'node:module';
import { join } from 'node:path';

const [modules, port, directory, buckets, ...pairs] = process.argv.slice(2);
const require = createRequire(join(modules, 'noop.js'));
const S3rver = require('@20minutes/s3rver');
const { DUMMY_ACCOUNT } = require('@20minutes/s3rver/lib/models/account');

for (const pair of pairs) {
  const colon = pair.indexOf(':');
  DUMMY_ACCOUNT.createKeyPair(pair.slice(0, colon), pair.slice(colon + 1));
}
const server = new S3rver({
  port: Number(port),
  address: '127.0.0.1',
  directory,
  silent: true,
  configureBuckets: buckets.split(',').filter(Boolean).map((name) => ({ name })),
});
await server.run();
console.log(`ready ${port}`);
process.on('SIGTERM', async () => {
  await server.close();
  process.exit(0);
});
