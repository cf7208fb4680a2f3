// A minimal SMTP server on loopback for the journeys that let `mesa agent` mail (no TLS, no
// authentication): it accepts every message and keeps its text.
import net from 'node:net';

/** Starts the server; returns { port, messages (array of texts), close() }. */
export async function startSmtp() {
  const messages = [];
  const server = net.createServer((socket) => {
    let buffer = '';
    let data = null; // the message being received after DATA, or null between commands
    const reply = (line) => socket.write(`${line}\r\n`);
    reply('220 mesa-test ESMTP');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (data !== null) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          messages.push(data + buffer.slice(0, end));
          buffer = buffer.slice(end + 5);
          data = null;
          reply('250 2.0.0 accepted');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.split(' ')[0].toUpperCase();
        if (verb === 'EHLO') reply('250-mesa-test\r\n250-8BITMIME\r\n250 SMTPUTF8');
        else if (verb === 'DATA') { data = ''; reply('354 end with <CRLF>.<CRLF>'); }
        else if (verb === 'QUIT') { reply('221 bye'); socket.end(); return; }
        else reply('250 ok');
      }
    });
    socket.on('error', () => {});
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    messages,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
