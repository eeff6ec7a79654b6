// The bare mesh floor's server: this folder's page, the Socket.IO client, and a relay of a
// few lines (join a room, hear who is there, pass signals to one socket). No moim code.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const file = (path) => readFileSync(new URL(path, import.meta.url));
const files = {
  '/': ['text/html', file('index.html')],
  '/socket.io.min.js': ['text/javascript', file('../../node_modules/socket.io-client/dist/socket.io.min.js')],
  '/healthz': ['application/json', '{"ok":true}'],
};
const http = createServer((req, res) => {
  const [type, body] = files[new URL(req.url, 'http://x').pathname] ?? ['text/plain', ''];
  res.writeHead(body ? 200 : 404, { 'content-type': type }).end(body);
});
const io = new Server(http, { serveClient: false });
io.on('connection', (socket) => {
  socket.on('join', (room, ack) => {
    ack([...(io.sockets.adapter.rooms.get(room) ?? [])]);
    socket.join(room);
  });
  socket.on('signal', ({ to, data }) => io.to(to).emit('signal', { from: socket.id, data }));
});
http.listen(Number(process.env.PORT), process.env.HOST);
