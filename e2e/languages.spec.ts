import { expect, test } from './fixtures';
import { expectVideoPlaying, remoteFigure, twoInCall } from './helpers';

test('a Korean browser gets Korean without asking, ?lang=en gets English, and a Korean room name works', async ({
  person,
}) => {
  const { page } = await person({ locale: 'ko-KR' });
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('브라우저에서 바로 하는 영상 통화');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');

  await page.goto('/?lang=en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Video calls in your browser');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('button', { name: 'New room' })).toBeVisible();

  await page.goto('/');
  const room = `회의실-${Date.now() % 1_000_000}`;
  // A name mixing scripts is refused (Hangul and Latin letters here).
  await page.getByRole('textbox', { name: '회의실 이름' }).fill('회의실 E2E');
  await page.getByRole('button', { name: '회의실로 이동' }).click();
  await expect(page.getByRole('alert')).toContainText('한 가지 문자');
  await page.getByRole('textbox', { name: '회의실 이름' }).fill(room.replace('-', ' '));
  await page.getByRole('button', { name: '회의실로 이동' }).click();
  // The URL is percent-encoded as browsers write it; the heading shows the name.
  await expect(page).toHaveURL(new RegExp(`/r/${encodeURIComponent(room)}$`));
  expect(new URL(page.url()).pathname).toMatch(/^\/r\/%ED%9A%8C%EC%9D%98%EC%8B%A4-\d+$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(room);
  await expect(page.getByRole('button', { name: '통화 참여' })).toBeVisible();
  await expect(page).toHaveTitle(`${room} · moim`);
});

test('switching the language in Settings takes effect without leaving the call, and is remembered', async ({
  person,
}) => {
  const { alice, bob } = await twoInCall(person, 'language');
  await alice.page.getByRole('button', { name: 'Settings' }).click();
  await alice.page.getByRole('combobox', { name: 'Language' }).selectOption('ko');

  await expect(alice.page.locator('html')).toHaveAttribute('lang', 'ko');
  await expect(alice.page.getByRole('button', { name: '나가기' })).toBeVisible();
  const stage = alice.page.getByRole('region', { name: '참여자' });
  await expect(stage.getByRole('figure', { name: 'Alice(나)' })).toBeVisible();
  // Still in the same call: Bob's picture goes on playing, and Bob never saw Alice leave.
  await expectVideoPlaying(stage.getByRole('figure', { name: 'Bob', exact: true }));
  await expect(remoteFigure(bob.page, 'Alice')).toBeVisible();
  await expect(bob.page.getByRole('button', { name: 'Leave call' })).toBeVisible();

  // Remembered on this device: a new page in the same browser speaks Korean.
  const again = await alice.context.newPage();
  await again.goto('/');
  await expect(again.getByRole('button', { name: '새 회의실' })).toBeVisible();
});
