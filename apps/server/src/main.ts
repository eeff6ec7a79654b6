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

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    app.close().then(() => process.exit(0));
  });
}
