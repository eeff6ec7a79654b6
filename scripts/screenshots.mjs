// `pnpm screenshots`: renders the README's pictures into docs/ from the built app, with
// Debian's Chromium and its fake camera (and fake screen to share). Needs `pnpm build`
// first. `pnpm screenshots layouts` renders only the stage's layouts (docs/screenshot-*.png),
// `pnpm screenshots hosting` only the host's (the knock dialog, People with the host's tools).
// Reactions are emoji: Debian's `fonts-noto-color-emoji` draws them.
import { spawn } from 'node:child_process';
import { chromium } from '@playwright/test';

const root = new URL('..', import.meta.url).pathname;
const port = process.env.SCREENSHOT_PORT ?? '3997';
const base = `http://127.0.0.1:${port}`;
const args = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--no-first-run',
  '--allow-loopback-in-peer-connection',
  '--autoplay-policy=no-user-gesture-required',
  '--use-fake-device-for-media-stream',
  // Accepts the screen picker (with the fake screen) as well as the camera prompt.
  '--use-fake-ui-for-media-stream',
  '--hide-scrollbars',
];
const only = process.argv[2];

const server = spawn(process.execPath, ['apps/server/dist/main.js'], {
  cwd: root,
  env: { ...process.env, PORT: port, HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
  stdio: 'inherit',
});
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args,
});

async function until(check) {
  for (let i = 0; i < 100; i++) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('timed out');
}

const open = async (viewport, locale = 'en-US') => {
  const context = await browser.newContext({ viewport, locale, permissions: ['camera', 'microphone'] });
  return context.newPage();
};
const join = async (page, room, name) => {
  await page.goto(`${base}/r/${room}?name=${encodeURIComponent(name)}`);
  await page.getByRole('button', { name: 'Join call' }).click();
  await page.getByRole('figure', { name: `${name} (you)` }).waitFor();
};
/** Until `page` plays a real picture from each of `names`, and the notices (X joined) have gone. */
const ready = async (page, names) => {
  for (const name of names) {
    const video = page.getByRole('figure', { name, exact: true }).locator('video');
    await until(() => video.evaluate((v) => v.videoWidth > 0 && v.currentTime > 0.5));
  }
  await until(async () => (await page.locator('.notice').count()) === 0);
};

/** The stage's layouts: a call of two, a shared screen, speaker view, a phone held upright. */
async function layouts() {
  const room = 'product-demo';
  const alice = await open({ width: 1440, height: 900 });
  const bob = await open({ width: 360, height: 740 });
  await join(alice, room, 'Alice Kim');
  await join(bob, room, 'Bob Park');
  await ready(alice, ['Bob Park']);
  await ready(bob, ['Alice Kim']);
  await alice.screenshot({ path: `${root}docs/screenshot-two-people.png` });
  await bob.screenshot({ path: `${root}docs/screenshot-phone-two-people.png` });

  const carol = await open({ width: 1440, height: 900 });
  await join(carol, room, 'Carol Lee');
  await alice.getByRole('button', { name: 'Share screen' }).click();
  await alice.getByRole('status', { name: 'You are presenting' }).waitFor();
  const shared = (page) =>
    until(() =>
      page
        .getByRole('figure', { name: 'Alice Kim', exact: true })
        .evaluate((figure) => figure.matches('.screen')),
    );
  await shared(carol);
  await shared(bob);
  await ready(carol, ['Alice Kim', 'Bob Park']);
  await ready(bob, ['Alice Kim', 'Carol Lee']);
  await ready(alice, ['Bob Park', 'Carol Lee']);
  await carol.screenshot({ path: `${root}docs/screenshot-screen-shared.png` });
  await alice.screenshot({ path: `${root}docs/screenshot-presenting.png` });
  await bob.screenshot({ path: `${root}docs/screenshot-phone-screen-shared.png` });
  await alice.getByRole('button', { name: 'Stop presenting' }).click();

  const dan = await open({ width: 1280, height: 800 });
  await join(dan, room, 'Dan Choi');
  await carol.getByRole('button', { name: 'Speaker view' }).click();
  await ready(carol, ['Alice Kim', 'Bob Park', 'Dan Choi']);
  await ready(bob, ['Alice Kim', 'Carol Lee', 'Dan Choi']);
  await carol.screenshot({ path: `${root}docs/screenshot-speaker-view.png` });
  await bob.screenshot({ path: `${root}docs/screenshot-phone-grid.png` });
  console.log(
    'wrote docs/screenshot-two-people.png, screenshot-phone-two-people.png, screenshot-screen-shared.png, screenshot-presenting.png, screenshot-phone-screen-shared.png, screenshot-speaker-view.png, screenshot-phone-grid.png',
  );
}

/** Hosting: the host's knock dialog at a locked room, and People with a hand raised and the host's tools. */
async function hosting() {
  const room = 'weekly-sync';
  const desktop = { width: 1440, height: 900 };
  const alice = await open(desktop);
  await join(alice, room, 'Alice Kim');
  const bob = await open({ width: 1280, height: 800 });
  await join(bob, room, 'Bob Park');
  const carol = await open({ width: 1280, height: 800 });
  await join(carol, room, 'Carol Lee');
  await ready(alice, ['Bob Park', 'Carol Lee']);
  await alice.getByRole('button', { name: 'Lock room' }).click();
  const dan = await open({ width: 1280, height: 800 });
  await dan.goto(`${base}/r/${room}?name=Dan%20Choi`);
  await dan.getByRole('button', { name: 'Join call' }).click();
  const eve = await open({ width: 1280, height: 800 });
  await eve.goto(`${base}/r/${room}?name=Eve%20Jung`);
  await eve.getByRole('button', { name: 'Join call' }).click();
  await alice.getByRole('alertdialog', { name: 'Dan Choi wants to join' }).waitFor();
  await until(async () => (await alice.getByText('1 more person is waiting').count()) === 1);
  await alice.screenshot({ path: `${root}docs/screenshot-knock.png` });
  await dan.getByRole('status', { name: 'Waiting for the host to let you in' }).waitFor();
  await dan.screenshot({ path: `${root}docs/screenshot-knocking.png` });
  await alice.getByRole('button', { name: 'Admit' }).click();
  await alice.getByRole('alertdialog', { name: 'Eve Jung wants to join' }).waitFor();
  await alice.getByRole('button', { name: 'Deny' }).click();
  await carol.getByRole('button', { name: 'Raise hand' }).click();
  await dan.getByRole('figure', { name: 'Dan Choi (you)' }).waitFor();
  await dan.getByRole('button', { name: 'Microphone' }).click();
  await alice.getByRole('button', { name: 'People' }).click();
  await alice.getByRole('button', { name: 'Chat' }).click();
  await ready(alice, ['Bob Park', 'Carol Lee', 'Dan Choi']);
  await bob.getByRole('button', { name: 'Reactions' }).click();
  await bob.getByRole('menuitem', { name: 'Thumbs up' }).click();
  await alice
    .getByRole('figure', { name: 'Bob Park', exact: true })
    .getByRole('img', { name: 'Thumbs up' })
    .waitFor();
  await alice.screenshot({ path: `${root}docs/screenshot-people-host.png` });
  await alice.setViewportSize({ width: 360, height: 740 });
  await alice.screenshot({ path: `${root}docs/screenshot-phone-people-host.png` });
  console.log(
    'wrote docs/screenshot-knock.png, screenshot-knocking.png, screenshot-people-host.png, screenshot-phone-people-host.png',
  );
}

try {
  await until(async () => (await fetch(`${base}/healthz`)).ok);
  if (only === 'hosting') await hosting();
  else {
    if (only !== 'layouts') await readme();
    await layouts();
    await hosting();
  }
} finally {
  await browser.close();
  server.kill();
}

/** The README's pictures: home, lobby, a call of four with the chat, the same in Korean. */
async function readme() {
  const room = 'design-review';
  const desktop = { width: 1440, height: 900 };
  const phone = { width: 360, height: 740 };
  const shot = (page, name) => page.screenshot({ path: `${root}docs/screenshot-${name}.png` });
  const playing = (page, name) => {
    const video = page.getByRole('figure', { name, exact: true }).locator('video');
    return until(() => video.evaluate((v) => v.videoWidth > 0 && v.currentTime > 0.5));
  };

  const home = await open(desktop);
  await home.goto(base);
  await shot(home, 'home');

  const alice = await open(desktop);
  await alice.goto(`${base}/r/${room}?name=Alice%20Kim`);
  await alice.getByLabel('Camera preview').waitFor();
  await shot(alice, 'lobby');
  await alice.getByRole('button', { name: 'Join call' }).click();
  // Alone: the invitation, with the warning that a 127.0.0.1 link works only here.
  await playing(alice, 'Alice Kim (you)');
  await shot(alice, 'invite');

  const bob = await open(phone);
  await bob.goto(`${base}/r/${room}?name=Bob%20Park`);
  await bob.getByLabel('Camera preview').waitFor();
  await shot(bob, 'phone-lobby');
  await bob.getByRole('button', { name: 'Join call' }).click();

  const carol = await open(desktop);
  await carol.goto(`${base}/r/${room}?name=Carol%20Lee`);
  await carol.getByRole('button', { name: 'Join call' }).click();
  const dan = await open(desktop);
  await dan.goto(`${base}/r/${room}?name=Dan%20Choi`);
  await dan.getByRole('button', { name: 'Join call' }).click();
  await dan.getByRole('button', { name: 'Microphone' }).click();

  const remote = alice.getByRole('figure', { name: 'Bob Park', exact: true }).locator('video');
  await until(() => remote.evaluate((v) => v.videoWidth > 0 && v.currentTime > 0.5));
  await alice.getByRole('textbox', { name: 'Message' }).fill('Hi Bob! Can you see the mock-ups?');
  await alice.keyboard.press('Enter');
  // On a phone the chat starts closed: open it to answer, close it for the picture.
  await bob.getByRole('button', { name: 'Chat' }).click();
  await bob.getByRole('textbox', { name: 'Message' }).fill('Yes, loud and clear.');
  await bob.keyboard.press('Enter');
  await alice.getByText('loud and clear').waitFor();
  await bob.getByRole('button', { name: 'Chat' }).click();
  await alice.getByRole('textbox', { name: 'Message' }).blur();
  for (const page of [alice, bob]) {
    for (const name of page === alice
      ? ['Bob Park', 'Carol Lee', 'Dan Choi']
      : ['Alice Kim', 'Carol Lee', 'Dan Choi']) {
      await playing(page, name);
    }
  }
  // Let the quality indicators get their first figures.
  await alice
    .getByRole('img', { name: /^Connection / })
    .first()
    .waitFor();
  await shot(alice, 'call');
  await shot(bob, 'phone-call');
  await bob.getByRole('button', { name: 'Chat' }).click();
  await bob.getByText('loud and clear').waitFor();
  await shot(bob, 'phone-chat');
  await bob.getByRole('button', { name: 'People' }).click();
  await bob.getByRole('complementary', { name: 'People' }).waitFor();
  await shot(bob, 'phone-people');
  await alice.getByRole('button', { name: 'Settings' }).click();
  await alice.getByRole('dialog', { name: 'Settings' }).waitFor();
  await shot(alice, 'settings');
  await alice.keyboard.press('Escape');
  await alice.getByRole('button', { name: 'Leave call' }).click();
  await alice.getByRole('heading', { name: 'You left the call' }).waitFor();
  await shot(alice, 'left');

  // The same in Korean, as a browser set to Korean gets it: home, lobby and a call of three.
  const koRoom = '주간-회의';
  const koHome = await open(desktop, 'ko-KR');
  await koHome.goto(base);
  await shot(koHome, 'home-ko');
  const minji = await open(desktop, 'ko-KR');
  await minji.goto(`${base}/r/${encodeURIComponent(koRoom)}?name=${encodeURIComponent('김민지')}`);
  await minji.getByLabel('카메라 미리보기').waitFor();
  await shot(minji, 'lobby-ko');
  await minji.getByRole('button', { name: '통화 참여' }).click();
  for (const name of ['박준호', '이서연']) {
    const page = await open(desktop, 'ko-KR');
    await page.goto(`${base}/r/${encodeURIComponent(koRoom)}?name=${encodeURIComponent(name)}`);
    await page.getByRole('button', { name: '통화 참여' }).click();
    if (name === '박준호') {
      await page.getByRole('textbox', { name: '메시지' }).fill('안녕하세요! 화면 잘 보여요?');
      await page.keyboard.press('Enter');
    }
  }
  for (const name of ['박준호', '이서연']) await playing(minji, name);
  await minji.getByText('화면 잘 보여요').waitFor();
  await minji
    .getByRole('img', { name: /^연결 상태/ })
    .first()
    .waitFor();
  await shot(minji, 'call-ko');
  console.log(
    'wrote docs/screenshot-{home,lobby,invite,call,settings,left,phone-lobby,phone-call,phone-chat,phone-people,home-ko,lobby-ko,call-ko}.png',
  );
}
