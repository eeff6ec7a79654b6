import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from './app.js';
import { testConfig } from './config.js';

const dir = mkdtempSync(join(tmpdir(), 'moim-tls-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('HTTPS', () => {
  it('serves the app and the signaling over TLS with TLS_CERT and TLS_KEY', async () => {
    const certFile = join(dir, 'cert.pem');
    const keyFile = join(dir, 'key.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-keyout',
        keyFile,
        '-out',
        certFile,
        '-subj',
        '/CN=localhost',
      ],
      { stdio: 'ignore' },
    );
    const app = createApp(testConfig({ tls: { certFile, keyFile } }));
    const url = await app.listen();
    try {
      expect(url).toMatch(/^https:\/\//);
      const status = await new Promise<number | undefined>((resolve, reject) => {
        get(`${url}/healthz`, { rejectUnauthorized: false }, (response) => {
          response.resume();
          resolve(response.statusCode);
        }).on('error', reject);
      });
      expect(status).toBe(200);

      const socket = io(url, { transports: ['websocket'], rejectUnauthorized: false, reconnection: false });
      const peek = await socket.timeout(2000).emitWithAck('room:peek', { roomId: 'secure' });
      expect(peek).toMatchObject({ ok: true, count: 0 });
      socket.disconnect();
    } finally {
      await app.close();
    }
  });
});
