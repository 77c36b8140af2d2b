/** A real SMTP server on loopback (smtp-server) that keeps every accepted message for tests. */
import type { AddressInfo } from 'node:net';

import { SMTPServer } from 'smtp-server';

/** A message as received, with headers unfolded and quoted-printable soft breaks decoded. */
export interface ReceivedMail {
  raw: string;
  subject: string;
  /** The decoded message, headers and all parts, for text searches. */
  decoded: string;
}

/** A running test SMTP server. */
export interface TestSmtp {
  port: number;
  messages: ReceivedMail[];
  close(): Promise<void>;
}

/** Options of the test server. Without `tls` it offers no STARTTLS. */
export interface TestSmtpOptions {
  port?: number;
  tls?: { key: string; cert: string };
}

/** Starts an SMTP server on 127.0.0.1, where port 0 picks a free one. */
export async function startSmtp(options: TestSmtpOptions = {}, messages: ReceivedMail[] = []): Promise<TestSmtp> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: options.tls ? [] : ['STARTTLS'],
    ...(options.tls ? { key: options.tls.key, cert: options.tls.cert } : {}),
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        messages.push(parseMail(Buffer.concat(chunks).toString('utf8')));
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return { port, messages, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function parseMail(raw: string): ReceivedMail {
  const decoded = raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  const headers = raw.split(/\r?\n\r?\n/)[0]?.replace(/\r?\n[ \t]+/g, ' ') ?? '';
  const subject = /^Subject: (.*)$/im.exec(headers)?.[1] ?? '';
  return { raw, subject, decoded };
}
