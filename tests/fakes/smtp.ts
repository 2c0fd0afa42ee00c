/**
 * An SMTP server on 127.0.0.1 (RFC 5321) with STARTTLS (RFC 3207), implicit TLS, and AUTH PLAIN /
 * LOGIN (RFC 4954) offered only over TLS, as Postfix does; a wrong login answers `535 5.7.8`.
 * tests/fixtures/tls holds its self-signed certificate for 127.0.0.1 (openssl req -x509 -newkey ec
 * -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 36500 -subj /CN=127.0.0.1
 * -addext subjectAltName=IP:127.0.0.1,DNS:localhost).
 */
import { readFileSync } from "node:fs";
import net from "node:net";
import { join } from "node:path";
import tls from "node:tls";

const FIXTURES = join(import.meta.dir, "..", "fixtures", "tls");
export const FAKE_SMTP_CERT = readFileSync(join(FIXTURES, "cert.pem"), "utf8");
const KEY = readFileSync(join(FIXTURES, "key.pem"), "utf8");

export interface ReceivedMail {
  from: string;
  to: string[];
  data: string;
  user: string | null;
  tls: boolean;
}

export interface FakeSmtp {
  port: number;
  mails: ReceivedMail[];
  /** Every command line received, AUTH arguments included (tests check secrets stay off the logs, not off the wire). */
  commands: string[];
  /** Connections accepted so far. */
  readonly connections: number;
  stop(): Promise<void>;
}

export interface FakeSmtpOptions {
  /** `starttls`: plain first, STARTTLS offered; `tls`: TLS from the first byte; `none`: no TLS, AUTH offered in the clear. */
  mode: "starttls" | "tls" | "none";
  users?: Record<string, string>;
  /** A reply code given to `MAIL FROM` instead of 250 (e.g. 451 to test a transient failure). */
  mailReply?: () => string | null;
  /**
   * A hostile or broken server: `silent` accepts the connection and never greets; `trickle` answers
   * EHLO with a `250-` continuation line every `trickleMs` (default 50) and never the last line.
   */
  stall?: "silent" | "trickle";
  trickleMs?: number;
}

export async function startFakeSmtp(options: FakeSmtpOptions): Promise<FakeSmtp> {
  const mails: ReceivedMail[] = [];
  const commands: string[] = [];
  const context = tls.createSecureContext({ cert: FAKE_SMTP_CERT, key: KEY });
  const sockets = new Set<net.Socket>();
  const timers = new Set<ReturnType<typeof setInterval>>();
  /** Connections accepted so far (a stalled server's tests wait for one). */
  let connections = 0;

  const session = (raw: net.Socket, startsSecure: boolean) => {
    sockets.add(raw);
    connections++;
    raw.on("close", () => sockets.delete(raw));
    raw.on("error", () => {});
    if (options.stall === "silent") return;
    let socket: net.Socket = raw;
    let secure = startsSecure;
    let buffer = "";
    let user: string | null = null;
    let pendingAuth: { mechanism: "PLAIN" | "LOGIN"; name?: string } | null = null;
    let mail: { from: string; to: string[] } | null = null;
    let data: string[] | null = null;
    const reply = (line: string) => socket.write(`${line}\r\n`);
    const canAuth = () => secure || options.mode === "none";

    const checkLogin = (name: string, password: string) => {
      pendingAuth = null;
      if (options.users?.[name] === password) {
        user = name;
        reply("235 2.7.0 Authentication successful");
      } else reply("535 5.7.8 Error: authentication failed: authentication failure");
    };

    const line = (text: string) => {
      commands.push(text);
      if (data) {
        if (text === ".") {
          mails.push({ from: mail!.from, to: mail!.to, data: data.join("\r\n"), user, tls: secure });
          data = null;
          mail = null;
          reply("250 2.0.0 Ok: queued as 4F2A1B");
        } else data.push(text.startsWith("..") ? text.slice(1) : text);
        return;
      }
      if (pendingAuth) {
        const decoded = Buffer.from(text, "base64").toString("utf8");
        if (pendingAuth.mechanism === "PLAIN") {
          const [, name = "", password = ""] = decoded.split("\0");
          return checkLogin(name, password);
        }
        if (pendingAuth.name === undefined) {
          pendingAuth.name = decoded;
          return reply(`334 ${Buffer.from("Password:").toString("base64")}`);
        }
        return checkLogin(pendingAuth.name, decoded);
      }
      const [verb = "", ...rest] = text.split(" ");
      const argument = rest.join(" ");
      switch (verb.toUpperCase()) {
        case "EHLO": {
          if (options.stall === "trickle") {
            const timer = setInterval(() => socket.write("250-still.thinking\r\n"), options.trickleMs ?? 50);
            timers.add(timer);
            raw.on("close", () => {
              clearInterval(timer);
              timers.delete(timer);
            });
            return;
          }
          const extensions = ["PIPELINING", "SIZE 10240000", "8BITMIME"];
          if (options.mode === "starttls" && !secure) extensions.push("STARTTLS");
          if (canAuth()) extensions.push("AUTH PLAIN LOGIN");
          socket.write(
            `250-fake.smtp.test\r\n${extensions.map((e, i) => `250${i === extensions.length - 1 ? " " : "-"}${e}\r\n`).join("")}`,
          );
          return;
        }
        case "HELO":
          return reply("250 fake.smtp.test");
        case "STARTTLS": {
          if (options.mode !== "starttls" || secure) return reply("502 5.5.1 Error: command not implemented");
          reply("220 2.0.0 Ready to start TLS");
          raw.removeAllListeners("data");
          const upgraded = new tls.TLSSocket(raw, { isServer: true, secureContext: context });
          upgraded.on("data", onData);
          upgraded.on("error", () => raw.destroy());
          socket = upgraded;
          secure = true;
          buffer = "";
          return;
        }
        case "AUTH": {
          if (!canAuth())
            return reply("538 5.7.11 Encryption required for requested authentication mechanism");
          const [mechanism = "", initial] = argument.split(" ");
          if (mechanism.toUpperCase() === "PLAIN") {
            if (initial) {
              const [, name = "", password = ""] = Buffer.from(initial, "base64")
                .toString("utf8")
                .split("\0");
              return checkLogin(name, password);
            }
            pendingAuth = { mechanism: "PLAIN" };
            return reply("334 ");
          }
          if (mechanism.toUpperCase() === "LOGIN") {
            pendingAuth = { mechanism: "LOGIN" };
            return reply(`334 ${Buffer.from("Username:").toString("base64")}`);
          }
          return reply("504 5.5.4 Unrecognized authentication type");
        }
        case "MAIL": {
          if (options.users && !user) return reply("530 5.7.0 Authentication required");
          const refused = options.mailReply?.();
          if (refused) return reply(refused);
          mail = { from: /<([^>]*)>/.exec(argument)?.[1] ?? "", to: [] };
          return reply("250 2.1.0 Ok");
        }
        case "RCPT": {
          if (!mail) return reply("503 5.5.1 Error: need MAIL command");
          mail.to.push(/<([^>]*)>/.exec(argument)?.[1] ?? "");
          return reply("250 2.1.5 Ok");
        }
        case "DATA":
          if (!mail || mail.to.length === 0) return reply("503 5.5.1 Error: need RCPT command");
          data = [];
          return reply("354 End data with <CR><LF>.<CR><LF>");
        case "RSET":
          mail = null;
          return reply("250 2.0.0 Ok");
        case "NOOP":
          return reply("250 2.0.0 Ok");
        case "QUIT":
          reply("221 2.0.0 Bye");
          socket.end();
          return;
        default:
          return reply("502 5.5.2 Error: command not recognized");
      }
    };

    function onData(chunk: Buffer) {
      buffer += chunk.toString("utf8");
      for (let end = buffer.indexOf("\r\n"); end >= 0; end = buffer.indexOf("\r\n")) {
        const text = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        line(text);
      }
    }
    socket.on("data", onData);
    socket.on("error", () => {});
    reply("220 fake.smtp.test ESMTP");
  };

  const server =
    options.mode === "tls"
      ? tls.createServer({ cert: FAKE_SMTP_CERT, key: KEY }, (s) => session(s, true))
      : net.createServer((s) => session(s, false));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    mails,
    commands,
    get connections() {
      return connections;
    },
    stop: async () => {
      for (const timer of timers) clearInterval(timer);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
