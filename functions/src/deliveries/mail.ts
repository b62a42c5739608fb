/**
 * E-mail through nodemailer over SMTP (`SMTP_URL`, any provider; the local
 * stack's mail catcher under `npm start`). One transport per URL and instance.
 * Bodies are built from untrusted model output, so the HTML escapes every
 * character that means something in HTML and keeps the text's line breaks with
 * CSS; nothing from the result becomes markup or a link.
 */
import { FailedPreconditionError } from '@agent-platform/core/errors';
import type { Transporter } from 'nodemailer';
import type { Config } from '../shared/config';

const transports = new Map<string, Transporter>();

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
}

/** Sends one message; throws when SMTP refuses it or cannot be reached. */
export async function sendMail(config: Config, mail: Mail): Promise<void> {
  const url = config.deliveries.smtpUrl;
  if (!url) throw new FailedPreconditionError('E-mail is not set up here (SMTP_URL is not set).');
  let transport = transports.get(url);
  if (!transport) {
    // Bounded: a mail server that stalls must not hold a delivery past its dispatch deadline.
    // Loaded on first mail only (scripts/build-functions.mjs keeps it out of the bundle): most instances never send one.
    const { createTransport } = require('nodemailer') as typeof import('nodemailer');
    transport = createTransport(url, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
    transports.set(url, transport);
  }
  await transport.sendMail({ from: config.deliveries.mailFrom, ...mail });
}

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A plain, readable HTML mail: a heading, paragraphs of escaped text, and links we made ourselves. */
export function htmlMail(input: {
  heading: string;
  paragraphs: string[];
  /** Pre-formatted text (the run's result), line breaks kept. */
  body?: string;
  links: { href: string; label: string }[];
  footer?: string;
}): string {
  const p = (s: string) => `<p style="margin:0 0 12px">${escapeHtml(s)}</p>`;
  const body = input.body
    ? `<div style="white-space:pre-wrap;word-wrap:break-word;border-left:3px solid #ccd;padding:8px 12px;margin:0 0 16px;background:#f7f7fb">${escapeHtml(input.body)}</div>`
    : '';
  const links = input.links
    .map((l) => `<p style="margin:0 0 12px"><a href="${escapeHtml(l.href)}">${escapeHtml(l.label)}</a></p>`)
    .join('');
  const footer = input.footer
    ? `<p style="color:#667;font-size:12px;margin-top:24px">${escapeHtml(input.footer)}</p>`
    : '';
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#222;max-width:640px"><h2 style="font-size:18px">${escapeHtml(input.heading)}</h2>${input.paragraphs.map(p).join('')}${body}${links}${footer}</body></html>`;
}
