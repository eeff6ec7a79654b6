import { test } from './fixtures';
import { expectVideoPlaying, freshRoom, joinCall, remoteFigure } from './helpers';

const NAMES = ['Ana', 'Ben', 'Cho', 'Dev', 'Eli', 'Fay'];

test('a six-person call comes up with every video playing', async ({ person }) => {
  // Six pages, each decoding five videos, share the machine's cores: on two cores the last
  // links take tens of seconds to come up (bench/README.md), so the wait is long; no timing
  // is asserted, only that every video plays in the end.
  test.setTimeout(420_000);
  const room = freshRoom('mesh');
  const pages = [];
  for (const name of NAMES) {
    const { page } = await person();
    await joinCall(page, room, name, '', { timeout: 60_000 });
    pages.push({ page, name });
  }
  // Every page's every remote video at once: the call comes up as a whole, not tile by tile.
  await Promise.all(
    pages.flatMap(({ page, name }) =>
      NAMES.filter((n) => n !== name).map((other) =>
        expectVideoPlaying(remoteFigure(page, other), { timeout: 120_000 }),
      ),
    ),
  );
});
