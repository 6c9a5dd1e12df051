// What reminders are delivered to in tests: a real SMTP server (smtp-server) on 127.0.0.1 that
// requires the office's login and keeps each message decoded (subject, plain text, HTML), and an
// HTTP receiver standing in for the 企业微信, 钉钉 and 飞书 robots, keeping every request and
// answering as each robot does (HTTP 200, with an error code in the body when it refuses).
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface Mail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
}

/** Decodes RFC 2047 encoded words (=?UTF-8?B?…?=, =?UTF-8?Q?…?=); a run of adjacent words may split a character, so its bytes are joined first. */
function decodeWords(header: string): string {
  return header.replace(/\r?\n[ \t]+/g, ' ').replace(/(=\?utf-8\?[bq]\?[^?]*\?=\s*)+/gi, (run) => {
    const words = [...run.matchAll(/=\?utf-8\?([bq])\?([^?]*)\?=/gi)];
    return Buffer.concat(words.map(([, enc, data]) => (enc!.toUpperCase() === 'B' ? Buffer.from(data!, 'base64') : qp(data!.replace(/_/g, ' '))))).toString('utf8');
  });
}

function qp(s: string): Buffer {
  const bytes: number[] = [];
  const text = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '=' && /^[0-9A-F]{2}$/i.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(text[i]!, 'utf8'));
  }
  return Buffer.from(bytes);
}

function splitHead(raw: string): { headers: Map<string, string>; body: string } {
  const at = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, at).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body: raw.slice(at + 4) };
}

function decodeBody(headers: Map<string, string>, body: string): string {
  const cte = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  if (cte === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (cte === 'quoted-printable') return qp(body).toString('utf8');
  return body;
}

/** The parts of a message by content type (multipart/alternative of text/plain and text/html, or one part). */
export function parseMail(raw: string, envelope: { from: string; to: string[] }): Mail {
  const { headers, body } = splitHead(raw);
  const type = headers.get('content-type') ?? 'text/plain';
  const parts: { type: string; text: string }[] = [];
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (boundary) {
    for (const chunk of body.split(`--${boundary}`).slice(1)) {
      if (chunk.startsWith('--')) break;
      const part = splitHead(chunk.replace(/^\r\n/, ''));
      parts.push({ type: part.headers.get('content-type') ?? '', text: decodeBody(part.headers, part.body) });
    }
  } else parts.push({ type, text: decodeBody(headers, body) });
  return {
    ...envelope,
    subject: decodeWords(headers.get('subject') ?? ''),
    text: parts.find((p) => p.type.startsWith('text/plain'))?.text ?? '',
    html: parts.find((p) => p.type.startsWith('text/html'))?.text ?? '',
  };
}

export interface SmtpReceiver {
  port: number;
  mails: Mail[];
  /** Every login tried, accepted or not. */
  logins: { user: string; pass: string; ok: boolean }[];
  close(): Promise<void>;
}

/** An SMTP server requiring `user`/`pass` (plain connection, AUTH allowed without TLS as on a test bench). */
export async function startSmtp(user: string, pass: string): Promise<SmtpReceiver> {
  const mails: Mail[] = [];
  const logins: SmtpReceiver['logins'] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: false,
    logger: false,
    onAuth(auth, _session, done) {
      const ok = auth.username === user && auth.password === pass;
      logins.push({ user: auth.username ?? '', pass: auth.password ?? '', ok });
      done(ok ? null : new Error('535 认证失败 / authentication failed'), ok ? { user: auth.username } : undefined);
    },
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        mails.push(parseMail(Buffer.concat(chunks).toString('latin1'), { from, to: session.envelope.rcptTo.map((r) => r.address) }));
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, mails, logins, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export interface RobotCall {
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown>;
}

export interface RobotReceiver {
  url: string;
  calls: RobotCall[];
  /** What a path answers, as a robot does: HTTP 200 with this body. Default: success in the vendor's words. */
  answer: Map<string, Record<string, unknown>>;
  close(): Promise<void>;
}

const readJson = (req: IncomingMessage) =>
  new Promise<Record<string, unknown>>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
      } catch (e) {
        reject(e as Error);
      }
    });
  });

export async function startRobots(): Promise<RobotReceiver> {
  const calls: RobotCall[] = [];
  const answer = new Map<string, Record<string, unknown>>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    readJson(req)
      .then((body) => {
        calls.push({ path: url.pathname, query: url.searchParams, body });
        const ok = url.pathname.includes('feishu') ? { code: 0, msg: 'success', data: {} } : { errcode: 0, errmsg: 'ok' };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer.get(url.pathname) ?? ok));
      })
      .catch(() => res.writeHead(400).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}`, calls, answer, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
