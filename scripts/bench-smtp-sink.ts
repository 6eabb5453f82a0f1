/**
 * A local SMTP server in its own process for bench-campaigns (as a real server would be: not
 * on the sender's event loop). Prints `PORT <n>` when listening and `COUNT <n>` on every
 * line read from stdin; counts messages, does not parse them.
 */
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { SMTPServer } from 'smtp-server';

let received = 0;
const server = new SMTPServer({
  disabledCommands: ['STARTTLS', 'AUTH'],
  authOptional: true,
  logger: false,
  onData(stream, _session, callback) {
    stream.on('data', () => undefined);
    stream.on('end', () => {
      received++;
      callback();
    });
  },
});
server.on('error', () => undefined);
server.listen(0, '127.0.0.1', () => console.log(`PORT ${(server.server.address() as AddressInfo).port}`));
createInterface({ input: process.stdin })
  .on('line', () => console.log(`COUNT ${received}`))
  .on('close', () => server.close(() => process.exit(0)));
