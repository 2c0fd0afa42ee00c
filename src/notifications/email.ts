import type { ConnectionOptions } from "node:tls";
import type nodemailerModule from "nodemailer";
import { anySignal } from "../concurrency.ts";
import type { NotifierConfig } from "../config/notifications.ts";
import { scrubber } from "../net/remote.ts";
import { retrying } from "../net/retry.ts";
import type { Sleep } from "../net/retry-timing.ts";
import type { NotificationMessage } from "./message.ts";
import { type Notifier, SEND_ATTEMPTS, type SendResult } from "./notifier.ts";

type EmailConfig = Extract<NotifierConfig, { type: "email" }>;

export interface EmailDeps {
  sleep: Sleep;
  /** Extra TLS options (tests trust their own certificate authority). */
  tls?: ConnectionOptions;
}

/** The mail as nodemailer sends it: plain text, the fields as `Name: value` lines. */
export function emailMessage(config: EmailConfig, message: NotificationMessage) {
  const lines = message.fields.map((f) => `${f.name}: ${f.value}`);
  return {
    from: config.from,
    to: config.to,
    subject: message.title,
    text: [
      message.body,
      ...(lines.length > 0 ? ["", ...lines] : []),
      "",
      `Sent by Subhound at ${message.at}`,
    ].join("\n"),
    headers: { "X-Subhound-Event": message.event },
  };
}

/** SMTP transport options: `tls` = implicit TLS (465), `starttls` = STARTTLS required (587), `none` = plain. */
export function smtpOptions(config: EmailConfig, tls: ConnectionOptions | undefined) {
  return {
    host: config.host,
    port: config.port,
    secure: config.security === "tls",
    requireTLS: config.security === "starttls",
    ignoreTLS: config.security === "none",
    ...(config.username && config.password ? { auth: { user: config.username, pass: config.password } } : {}),
    connectionTimeout: config.timeoutMs,
    greetingTimeout: config.timeoutMs,
    socketTimeout: config.timeoutMs,
    ...(tls ? { tls } : {}),
  };
}

interface SmtpError {
  message?: string;
  code?: string;
  responseCode?: number;
  response?: string;
}

/** 4xx replies and connection trouble are transient (RFC 5321 §4.2.1); 5xx ones, like a refused login (535), are not. */
function isTransient(error: SmtpError): boolean {
  if (typeof error.responseCode === "number") return error.responseCode >= 400 && error.responseCode < 500;
  return ["ECONNECTION", "ETIMEDOUT", "ESOCKET", "EDNS"].includes(error.code ?? "");
}

/** SMTP with STARTTLS/TLS and AUTH through nodemailer (https://nodemailer.com/smtp/). */
export function createEmailNotifier(config: EmailConfig, deps: EmailDeps): Notifier {
  const scrub = scrubber(config.password);
  async function sendOnce(message: NotificationMessage, signal: AbortSignal | undefined) {
    // Loaded on the first mail: nodemailer pulls in node:http and more that every start would pay for.
    const nodemailer = require("nodemailer") as typeof nodemailerModule;
    const transport = nodemailer.createTransport(smtpOptions(config, deps.tls));
    // nodemailer's own timeouts are per phase and per idle socket: a server that keeps talking
    // without ever answering would hold the mail (and every one queued after it) forever.
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), config.timeoutMs);
    // transport.close() does not end a connection in use; the mail's signal does.
    const stop = anySignal(deadline.signal, signal);
    try {
      const info = await transport.sendMail({ ...emailMessage(config, message), signal: stop });
      return { ok: true as const, value: { status: 250, message: `accepted: ${info.response}` } };
    } catch (e) {
      const error = e as SmtpError;
      if (signal?.aborted)
        return { ok: false as const, failure: { status: null, message: "cancelled" }, retry: false };
      if (deadline.signal.aborted)
        return {
          ok: false as const,
          failure: { status: null, message: `timed out after ${config.timeoutMs} ms` },
          retry: true,
        };
      const text = error.response ?? error.message ?? String(e);
      return {
        ok: false as const,
        failure: {
          status: error.responseCode ?? null,
          message: `${error.code ? `${error.code}: ` : ""}${text}`,
        },
        retry: isTransient(error),
      };
    } finally {
      clearTimeout(timer);
      transport.close();
    }
  }
  return {
    name: config.name,
    type: "email",
    async send(message, options): Promise<SendResult> {
      const outcome = await retrying(
        { attempts: options.retry ? SEND_ATTEMPTS : 1, sleep: deps.sleep, signal: options.signal },
        () => sendOnce(message, options.signal),
      );
      if (outcome.ok) return { ok: true, ...outcome.value, attempts: outcome.attempts };
      return {
        ok: false,
        status: outcome.failure.status,
        message: scrub(outcome.failure.message),
        attempts: outcome.attempts,
      };
    },
  };
}
