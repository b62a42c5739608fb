/**
 * The local stack's mail server: a real SMTP server (nodemailer's
 * `smtp-server`) on a loopback port, so the functions send mail exactly as they
 * do in production (nodemailer over SMTP) and nothing leaves the machine. What
 * arrives is parsed (`mailparser`) and kept, newest first, for
 * `GET /__local/mail` (JSON, or a page in a browser). The last 200 messages are
 * kept in `mail.json` under the data folder, so they survive a restart.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  at: string;
}

const KEEP = 200;
/** Larger messages are refused at SMTP (ours are a few KB). */
const MAX_MESSAGE_BYTES = 1024 * 1024;

export class MailCatcher {
  private server: SMTPServer | undefined;
  private messages: CaughtMail[] = [];
  private readonly file: string;
  port = 0;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'mail.json');
    if (existsSync(this.file)) {
      try {
        this.messages = JSON.parse(readFileSync(this.file, 'utf8')) as CaughtMail[];
      } catch {
        this.messages = [];
      }
    }
  }

  /** Starts listening on a free loopback port; `smtp://127.0.0.1:<port>` reaches it. */
  async start(): Promise<string> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      size: MAX_MESSAGE_BYTES,
      logger: false,
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((parsed) => {
            const to = session.envelope.rcptTo.map((r) => r.address).join(', ');
            this.keep({
              to,
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              at: new Date().toISOString(),
            });
            callback();
          })
          .catch((err: Error) => callback(err));
      },
    });
    this.server = server;
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(0, '127.0.0.1', () => ok());
    });
    this.port = (server.server.address() as AddressInfo).port;
    return `smtp://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }

  /** Newest first. */
  list(): CaughtMail[] {
    return [...this.messages];
  }

  private keep(mail: CaughtMail): void {
    this.messages = [mail, ...this.messages].slice(0, KEEP);
    writeFileSync(this.file, JSON.stringify(this.messages), { mode: 0o600 });
  }

  /** `GET /__local/mail`: JSON for programs, a page for a browser (it asks for text/html). */
  serve(req: IncomingMessage, res: ServerResponse): void {
    const wantsHtml = /text\/html/.test(req.headers.accept ?? '');
    if (!wantsHtml) {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify({ messages: this.list() }));
      return;
    }
    // Each message's HTML goes into a sandboxed frame: mail is untrusted, and no script of it runs.
    const items = this.list()
      .map(
        (m) =>
          `<article><h2>${esc(m.subject)}</h2><p class="meta">To ${esc(m.to)} · ${esc(m.at)}</p>` +
          `<iframe sandbox srcdoc="${esc(m.html || `<pre>${esc(m.text)}</pre>`)}"></iframe></article>`,
      )
      .join('');
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'; img-src data:",
    });
    res.end(
      `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
        `<title>Local mail</title><style>body{font-family:system-ui,sans-serif;margin:16px;max-width:800px}` +
        `article{border:1px solid #ccd;border-radius:8px;padding:12px;margin:0 0 16px}h2{font-size:16px;margin:0}` +
        `.meta{color:#667;font-size:13px}iframe{width:100%;height:320px;border:0}</style>` +
        `<h1>Local mail · 로컬 메일</h1><p>${this.messages.length} message(s) caught; nothing was sent.</p>${items}</html>`,
    );
  }
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
