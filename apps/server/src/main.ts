import { createApp } from './app.js';
import { configFromEnv } from './config.js';

const config = configFromEnv();
const app = createApp(config);
const url = await app.listen();
const shown =
  config.host === '0.0.0.0' || config.host === '::'
    ? url.replace(/\/\/[^:]+|\/\/\[.*\]/, '//localhost')
    : url;
console.log(`moim is running at ${shown}`);

/** A deploy stops the process: clients reconnect (elsewhere, or here once restarted). */
const SHUTDOWN_DEADLINE_MS = 10_000;
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  // Ctrl+C reaches this process twice under `pnpm start` (from the terminal, and forwarded):
  // the second must not cut the shutdown short.
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(1), SHUTDOWN_DEADLINE_MS).unref();
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

// A failed Redis command nobody awaited (the Socket.IO adapter publishes without catching)
// must not take every call on this instance down with it.
// Only its name and message: a driver's error carries the failed command's arguments (chat text).
process.on('unhandledRejection', (reason) => {
  console.error(
    'unhandled rejection:',
    reason instanceof Error ? `${reason.name}: ${reason.message}` : typeof reason,
  );
});
