// Stand-ins for the notification channels, on 127.0.0.1, for tests: a minimal SMTP server (plain, no AUTH, no
// STARTTLS: what nodemailer needs to hand over a message) and an HTTP endpoint answering like Slack's chat.postMessage.
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import { createServer, type Server } from "node:net";

export interface Mail {
  from: string;
  to: string[];
  /** Header name (lower case) → value. */
  headers: Record<string, string>;
  body: string;
}

export interface MailServer {
  port: number;
  mails: Mail[];
  stop(): Promise<void>;
}

export async function startMailServer(): Promise<MailServer> {
  const mails: Mail[] = [];
  const server: Server = createServer((socket) => {
    let buffer = "";
    let data: string[] | undefined;
    let mail = { from: "", to: [] as string[] };
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply("220 127.0.0.1 test SMTP");
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      let end: number;
      while ((end = buffer.indexOf("\r\n")) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (data) {
          if (line !== ".") data.push(line.startsWith("..") ? line.slice(1) : line);
          else {
            mails.push({ ...mail, ...parse(data) });
            data = undefined;
            mail = { from: "", to: [] };
            reply("250 queued");
          }
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO") reply("250 127.0.0.1");
        else if (verb === "HELO") reply("250 127.0.0.1");
        else if (verb === "MAIL") {
          mail.from = address(line);
          reply("250 ok");
        } else if (verb === "RCPT") {
          mail.to.push(address(line));
          reply("250 ok");
        } else if (verb === "DATA") {
          data = [];
          reply("354 go ahead");
        } else if (verb === "QUIT") {
          reply("221 bye");
          socket.end();
        } else if (verb === "RSET" || verb === "NOOP") reply("250 ok");
        else reply("502 not implemented");
      }
    });
    socket.on("error", () => socket.destroy());
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  return {
    port: (server.address() as { port: number }).port,
    mails,
    stop: () => new Promise((ok) => server.close(() => ok())),
  };
}

const address = (line: string) => /<([^>]*)>/.exec(line)?.[1]?.toLowerCase() ?? "";

/** Headers and the text body (7bit or quoted-printable, as nodemailer writes a plain-text message). */
function parse(lines: string[]): Pick<Mail, "headers" | "body"> {
  const blank = lines.indexOf("");
  const headers: Record<string, string> = {};
  let last = "";
  for (const line of lines.slice(0, blank)) {
    if (/^\s/.test(line) && last) headers[last] += ` ${line.trim()}`;
    else {
      const i = line.indexOf(":");
      last = line.slice(0, i).toLowerCase();
      headers[last] = line.slice(i + 1).trim();
    }
  }
  let body = lines.slice(blank + 1).join("\n");
  if (/quoted-printable/i.test(headers["content-transfer-encoding"] ?? "")) {
    body = Buffer.from(
      body.replace(/=\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16))),
      "latin1",
    ).toString("utf8");
  }
  return { headers, body: body.trim() };
}

export interface SlackPost {
  authorization?: string;
  channel: string;
  text: string;
}

export interface SlackStandIn {
  /** The API root to configure (`revstack:slackApiUrl`). */
  apiUrl: string;
  posts: SlackPost[];
  /** When set, Slack refuses the posts it holds true for too (a channel archived for a moment). Refused posts are in `posts`. */
  refuseWhen?: (post: SlackPost) => boolean;
  stop(): Promise<void>;
}

/** Answers POST /api/chat.postMessage like Slack: `{ ok: true }`, or `{ ok: false, error }` for a channel in `refuse`. */
export async function startSlackStandIn(refuse: string[] = []): Promise<SlackStandIn> {
  const posts: SlackPost[] = [];
  // The handler reads `refuseWhen` as the test sets it now.
  const standIn: SlackStandIn = { apiUrl: "", posts, stop: () => new Promise((ok) => server.close(() => ok())) };
  const server: HttpServer = createHttpServer((req, res) => {
    let body = "";
    req
      .on("data", (c) => (body += c))
      .on("end", () => {
        res.setHeader("content-type", "application/json");
        if (req.url !== "/api/chat.postMessage")
          return void res.end(JSON.stringify({ ok: false, error: "unknown_method" }));
        const message = JSON.parse(body) as { channel: string; text: string };
        const post = { authorization: req.headers.authorization, ...message };
        posts.push(post);
        res.end(
          JSON.stringify(
            refuse.includes(message.channel) || standIn.refuseWhen?.(post)
              ? { ok: false, error: "channel_not_found" }
              : { ok: true, channel: "C1", ts: "1.0" },
          ),
        );
      });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  standIn.apiUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/api`;
  return standIn;
}
