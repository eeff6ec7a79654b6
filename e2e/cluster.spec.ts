import type { ChildProcess } from 'node:child_process';
import { startRedis } from '../apps/server/src/redis-harness';
import { expect, test } from './fixtures';
import { chatLog, expectVideoPlaying, freshRoom, joinCall, remoteFigure, sendChat } from './helpers';
import { startMoim, stop } from './servers';

const PORTS = [3993, 3994] as const;

let redis: Awaited<ReturnType<typeof startRedis>> | undefined;
const servers: ChildProcess[] = [];
test.afterEach(() => {
  for (const server of servers.splice(0)) stop(server);
  redis?.stop();
});

test('two people on two server instances sharing Redis see each other and chat', async ({ person }) => {
  redis = await startRedis();
  for (const port of PORTS) servers.push(await startMoim(port, { REDIS_URL: redis.url }));
  const room = freshRoom('cluster');
  const alice = await person();
  const bob = await person();
  // Each page is served by, and signals through, its own instance.
  await joinCall(alice.page, room, 'Alice', `http://127.0.0.1:${PORTS[0]}`);
  await joinCall(bob.page, room, 'Bob', `http://127.0.0.1:${PORTS[1]}`);

  await expectVideoPlaying(remoteFigure(alice.page, 'Bob'));
  await expectVideoPlaying(remoteFigure(bob.page, 'Alice'));
  await sendChat(alice.page, 'from instance one');
  await expect(chatLog(bob.page)).toContainText('from instance one');
  await sendChat(bob.page, 'from instance two');
  await expect(chatLog(alice.page)).toContainText('from instance two');
});
