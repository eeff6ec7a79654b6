// The baseline for the relay benchmarks: a bare Socket.IO relay of a few lines, on the same
// Socket.IO version, with no validation, rate limits or records.
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const http = createServer((req, res) => res.end(req.url === '/healthz' ? '{"ok":true}' : ''));
const io = new Server(http, { serveClient: false });
io.on('connection', (socket) => {
  socket.on('join', (room, ack) => {
    socket.join(room);
    ack?.(socket.id);
  });
  socket.on('signal', ({ to, data }) => io.to(to).emit('signal', { from: socket.id, data }));
});
http.listen(Number(process.env.PORT), process.env.HOST);
