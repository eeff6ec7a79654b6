// A test-only moim server: the real one (apps/server/dist, as `pnpm start` runs it) with
// one hook added, which changes the DTLS fingerprint in every session description it
// relays, as a compromised signaling server would to sit in the middle of a call. It
// lives under e2e/ and nothing in apps/ imports it: production builds cannot contain it.
import { createApp } from '../apps/server/dist/app.js';
import { configFromEnv } from '../apps/server/dist/config.js';

/** Flips every bit of the last byte of each `a=fingerprint:`: a certificate nobody has. */
function forgeFingerprints(sdp) {
  return sdp.replace(/^(a=fingerprint:\S+ (?:[0-9A-Fa-f]{2}:)+)([0-9A-Fa-f]{2})/gm, (_line, head, last) => {
    const flipped = (Number.parseInt(last, 16) ^ 0xff).toString(16).padStart(2, '0');
    return `${head}${flipped.toUpperCase()}`;
  });
}

const app = createApp(configFromEnv());
app.io.on('connection', (socket) => {
  // Runs before the real server's listeners see the event, on the very object they get.
  socket.use((packet, next) => {
    const [event, payload] = packet;
    const data = event === 'signal:send' ? payload?.data : undefined;
    if (typeof data?.sdp === 'string') {
      const forged = forgeFingerprints(data.sdp);
      // One line per changed description: the test checks that the hook did its work.
      if (forged !== data.sdp) console.log(`forged fingerprint in ${data.type}`);
      data.sdp = forged;
    }
    next();
  });
});
const url = await app.listen();
console.log(`tampering moim at ${url}`);
