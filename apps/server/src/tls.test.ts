import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
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
  it('serves the app and the signaling over TLS with TLS_CERT and TLS_KEY, with HSTS', async () => {
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
      const request = (path: string, origin?: string) =>
        new Promise<IncomingMessage>((resolve, reject) => {
          get(
            `${url}${path}`,
            { rejectUnauthorized: false, headers: origin ? { origin } : {} },
            (response) => {
              response.resume();
              resolve(response);
            },
          ).on('error', reject);
        });
      const health = await request('/healthz');
      expect(health.statusCode).toBe(200);
      // Served over TLS: browsers are told to keep to https, the app and Socket.IO alike.
      expect(health.headers['strict-transport-security']).toBe('max-age=15552000');
      const handshake = await request('/socket.io/?EIO=4&transport=polling', url);
      expect(handshake.statusCode).toBe(200);
      expect(handshake.headers['strict-transport-security']).toBe('max-age=15552000');
      // The same host over plain http is another origin.
      expect(
        (await request('/socket.io/?EIO=4&transport=polling', url.replace('https:', 'http:'))).statusCode,
      ).toBe(403);

      const socket = io(url, { transports: ['websocket'], rejectUnauthorized: false, reconnection: false });
      const peek = await socket.timeout(2000).emitWithAck('room:peek', { roomId: 'secure' });
      expect(peek).toMatchObject({ ok: true, count: 0 });
      socket.disconnect();
    } finally {
      await app.close();
    }
  });
});
