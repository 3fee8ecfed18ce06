import type { MailMessage } from '@mirai/sdk-plugin';

export interface MailContent {
  to: string;
  subject: string;
  /** Plain sentences, one paragraph each. */
  paragraphs: string[];
  /** The one thing the reader should do, as a link (a button in HTML). */
  action?: { label: string; url: string };
  idempotencyKey: string;
  /** The language it is written in, for the HTML `lang` attribute. */
  lang: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);

/** One message as plain text and HTML from the same content; every interpolated value is escaped in the HTML. */
export function renderMail(content: MailContent): MailMessage {
  const { action } = content;
  const text = [...content.paragraphs, ...(action === undefined ? [] : [`${action.label}:\n${action.url}`])].join('\n\n');
  const paragraphs = content.paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`);
  const button =
    action === undefined
      ? ''
      : `<p><a href="${escapeHtml(action.url)}" style="display:inline-block;padding:10px 16px;background:#1d4ed8;color:#ffffff;text-decoration:none;border-radius:4px">${escapeHtml(action.label)}</a></p><p style="font-size:12px;color:#555555">${escapeHtml(action.url)}</p>`;
  const html = `<!doctype html><html lang="${escapeHtml(content.lang)}"><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#111111">${paragraphs.join('')}${button}</body></html>`;
  return { to: content.to, subject: content.subject, text, html, idempotencyKey: content.idempotencyKey };
}
