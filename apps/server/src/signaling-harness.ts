import { randomUUID } from 'node:crypto';
import type { JoinResult } from '@moim/protocol';
import type { Socket } from 'socket.io-client';
import { type App, type AppDeps, createApp } from './app.js';
import { type Config, testConfig } from './config.js';
import { type Client, connect, nextEvent } from './test-support.js';

/*
 * One server per test and the clients it opened, for the signaling tests
 * (signaling.test.ts, relay.test.ts); `stopAll` in their afterEach.
 */

let app: App | undefined;
let url: string;
const clients: Client[] = [];

export async function start(overrides: Partial<Config> = {}, deps: AppDeps = {}) {
  app = createApp(testConfig(overrides), deps);
  url = await app.listen();
}

export async function client() {
  const socket = await connect(url);
  clients.push(socket);
  return socket;
}

/** Sends without type checks: what a hostile or broken client could send. */
export function rawRequest(socket: Client, event: string, ...args: unknown[]) {
  return (socket as unknown as Socket).timeout(2000).emitWithAck(event, ...args);
}

export async function joined(roomId: string, name: string, media = { audio: true, video: true }) {
  const socket = await client();
  const ack = await socket.timeout(2000).emitWithAck('room:join', { roomId, name, ...media });
  if (!ack.ok) throw new Error(`join failed: ${ack.error.code}`);
  return { socket, self: ack.self, ack: ack as { ok: true } & JoinResult };
}

export const sendChat = (socket: Client, text: string) =>
  socket.timeout(2000).emitWithAck('chat:send', { id: randomUUID(), text });

/** Sends a chat line from `from` and waits until `to` has it: all sent before has arrived. */
export async function marker(from: Client, to: Client) {
  const arrived = nextEvent(to, 'chat:message');
  await from.timeout(2000).emitWithAck('chat:send', { id: randomUUID(), text: 'marker' });
  await arrived;
}

export const offer = { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' } as const;

export async function stopAll() {
  for (const socket of clients.splice(0)) socket.disconnect();
  await app?.close();
  app = undefined;
}
