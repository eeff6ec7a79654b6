// `pnpm cert`: a self-signed certificate for trying moim from a phone on your network.
// Browsers allow the camera only on https:// (or localhost), so serve it with this:
//   TLS_CERT=certs/cert.pem TLS_KEY=certs/key.pem pnpm start
// then open https://<this machine's address>:3000 on the phone and accept the warning once.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dir = join(root, 'certs');
mkdirSync(dir, { recursive: true });

const addresses = Object.values(networkInterfaces())
  .flat()
  .filter((address) => address && address.family === 'IPv4')
  .map((address) => address.address);
const names = ['DNS:localhost', ...new Set(addresses)].map((name) =>
  name.startsWith('DNS:') ? name : `IP:${name}`,
);

execFileSync(
  'openssl',
  [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-sha256',
    '-days',
    '365',
    '-keyout',
    join(dir, 'key.pem'),
    '-out',
    join(dir, 'cert.pem'),
    '-subj',
    '/CN=moim (self-signed)',
    '-addext',
    `subjectAltName=${names.join(',')}`,
  ],
  { stdio: ['ignore', 'ignore', 'inherit'] },
);
console.log(`Wrote certs/cert.pem and certs/key.pem for ${names.join(', ')}.`);
console.log('Serve over HTTPS with:  TLS_CERT=certs/cert.pem TLS_KEY=certs/key.pem pnpm start');
