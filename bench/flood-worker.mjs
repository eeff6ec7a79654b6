// The flooder of bench/flood.mjs, in a thread of its own so that its encoding work does not
// slow the neighbours' measurements: one socket at a time sends large invalid frames, and
// reconnects (as an attacker would) whenever the server drops it.
import { parentPort, workerData } from 'node:worker_threads';
import { io } from 'socket.io-client';

const { url, frames, ms, from } = workerData;
// Loaded and ready: wait for the go, so the flood and the measurement start together.
parentPort.postMessage('ready');
await new Promise((resolve) => parentPort.once('message', resolve));
const until = Date.now() + ms;
const junk = { id: 'not-a-uuid', text: 'x'.repeat(100 * 1024) };
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
let sent = 0;
let connections = 0;
let refused = 0;
while (sent < frames && Date.now() < until) {
  const socket = io(url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    localAddress: from,
  });
  const connected = await new Promise((resolve) => {
    socket.once('connect', () => resolve(true));
    socket.once('connect_error', () => resolve(false));
  });
  if (!connected) {
    refused++;
    socket.disconnect();
    await sleep(100);
    continue;
  }
  connections++;
  while (socket.connected && sent < frames && Date.now() < until) {
    for (let i = 0; i < 10; i++) socket.emit('chat:send', junk);
    sent += 10;
    // Keep the client's own queue short, so frames go out as fast as the server takes them.
    while (socket.connected && socket.io.engine.writeBuffer.length > 20) await sleep(2);
  }
  socket.disconnect();
}
parentPort.postMessage({ sent, connections, refused });
