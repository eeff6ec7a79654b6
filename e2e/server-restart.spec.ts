import type { ChildProcess } from 'node:child_process';
import { expect, test } from './fixtures';
import {
  chatLog,
  expectVideoAdvancing,
  expectVideoPlaying,
  freshRoom,
  remoteFigure,
  sendChat,
} from './helpers';
import { startMoim, stop } from './servers';

// A server of this test's own, to stop and start again on the same port.
const PORT = Number(process.env.E2E_RESTART_PORT ?? 3998);
const BASE = `http://127.0.0.1:${PORT}`;

let server: ChildProcess | undefined;
test.afterEach(() => stop(server));

test('the call goes on while the signaling server restarts', async ({ person }) => {
  server = await startMoim(PORT);
  const room = freshRoom('restart');
  const alice = await person();
  const bob = await person();
  for (const [page, name] of [
    [alice.page, 'Alice'],
    [bob.page, 'Bob'],
  ] as const) {
    await page.goto(`${BASE}/r/${room}?name=${name}`);
    await page.getByRole('button', { name: 'Join call' }).click();
    await expect(page.getByRole('figure', { name: `${name} (you)` })).toBeVisible();
  }
  await expectVideoPlaying(remoteFigure(alice.page, 'Bob'));
  await expectVideoPlaying(remoteFigure(bob.page, 'Alice'));

  // The server goes away…
  const stopped = new Promise((resolve) => server?.once('exit', resolve));
  server.kill('SIGKILL');
  await stopped;
  await expect(alice.page.getByRole('status')).toContainText('Reconnecting…');
  await expect(bob.page.getByRole('status')).toContainText('Reconnecting…');
  // …for five seconds of video that keep playing on both sides…
  await Promise.all([
    expectVideoAdvancing(remoteFigure(alice.page, 'Bob'), 5),
    expectVideoAdvancing(remoteFigure(bob.page, 'Alice'), 5),
  ]);
  // …and comes back on the same port.
  server = await startMoim(PORT);
  await expect(alice.page.getByRole('status')).not.toContainText('Reconnecting…', { timeout: 15_000 });
  await expect(bob.page.getByRole('status')).not.toContainText('Reconnecting…', { timeout: 15_000 });

  await sendChat(alice.page, 'still here?');
  await expect(chatLog(bob.page)).toContainText('still here?');
  await sendChat(bob.page, 'yes');
  await expect(chatLog(alice.page)).toContainText('yes');
  for (const page of [alice.page, bob.page]) {
    await expect(page.getByRole('region', { name: 'Participants' }).getByRole('figure')).toHaveCount(2);
  }

  // Someone new joins and sees both.
  const carol = await person();
  await carol.page.goto(`${BASE}/r/${room}?name=Carol`);
  await expect(carol.page.getByText('2 people in this room')).toBeVisible();
  await carol.page.getByRole('button', { name: 'Join call' }).click();
  await expectVideoPlaying(remoteFigure(carol.page, 'Alice'));
  await expectVideoPlaying(remoteFigure(carol.page, 'Bob'));
  await expectVideoPlaying(remoteFigure(alice.page, 'Carol'));
  await expect(alice.page.getByRole('region', { name: 'Participants' }).getByRole('figure')).toHaveCount(3);
});
