// A minimal RESP2 client over one TCP socket (node:net), enough for a proxy: it writes commands as
// arrays of bulk strings and reads the replies in order. Redis answers one connection's commands in
// the order they were written, so many callers may pipeline on the same socket.
import { connect } from "node:net";

/** An error reply (`-ERR …`): a value, not a failure of the connection. */
export class RedisReplyError {
  constructor(message) {
    this.message = message;
  }
}

const CRLF = Buffer.from("\r\n");

/** RESP for one command; lengths are byte lengths, so Hangul and binary arguments frame correctly. */
export function encodeCommand(args) {
  const parts = [Buffer.from(`*${args.length}\r\n`)];
  for (const arg of args) {
    const bytes = Buffer.isBuffer(arg) ? arg : Buffer.from(String(arg), "utf8");
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, CRLF);
  }
  return Buffer.concat(parts);
}

/**
 * Parses one reply starting at `offset`; undefined when the buffer does not hold all of it yet.
 * Simple strings come back as `{ simple }` so a caller can tell `+OK` from a bulk "OK".
 */
export function parseReply(buf, offset = 0) {
  const end = buf.indexOf(CRLF, offset);
  if (end === -1) return undefined;
  const line = buf.toString("utf8", offset + 1, end);
  const next = end + 2;
  switch (String.fromCharCode(buf[offset])) {
    case "+":
      return { value: { simple: line }, next };
    case "-":
      return { value: new RedisReplyError(line), next };
    case ":":
      return { value: Number(line), next };
    case "$": {
      const length = Number(line);
      if (length === -1) return { value: null, next };
      if (buf.length < next + length + 2) return undefined;
      return { value: buf.subarray(next, next + length), next: next + length + 2 };
    }
    case "*": {
      const count = Number(line);
      if (count === -1) return { value: null, next };
      const items = [];
      let at = next;
      for (let i = 0; i < count; i++) {
        const item = parseReply(buf, at);
        if (!item) return undefined;
        items.push(item.value);
        at = item.next;
      }
      return { value: items, next: at };
    }
    default:
      throw new Error(`unexpected RESP type byte ${buf[offset]}`);
  }
}

/** One lazily (re)connected socket to redis-server; `send` resolves with the replies of its commands. */
export class RespClient {
  #host;
  #port;
  #socket = null;
  #buffer = Buffer.alloc(0);
  #pending = [];

  constructor(host, port) {
    this.#host = host;
    this.#port = port;
  }

  /** Writes the commands in one write, so no other caller's command lands between them. */
  send(commands) {
    const socket = this.#connection();
    const replies = commands.map(() => new Promise((resolve, reject) => this.#pending.push({ resolve, reject })));
    socket.write(Buffer.concat(commands.map(encodeCommand)));
    return Promise.all(replies);
  }

  close() {
    this.#socket?.destroy();
    this.#socket = null;
  }

  #connection() {
    if (this.#socket) return this.#socket;
    const socket = connect({ host: this.#host, port: this.#port });
    socket.setNoDelay(true);
    socket.on("data", (chunk) => this.#read(chunk));
    const fail = (err) => {
      if (this.#socket === socket) this.#socket = null;
      const error = new Error(`redis-server at ${this.#host}:${this.#port}: ${err?.message ?? "connection closed"}`);
      for (const waiter of this.#pending.splice(0)) waiter.reject(error);
      this.#buffer = Buffer.alloc(0);
    };
    socket.on("error", fail);
    socket.on("close", () => fail());
    this.#socket = socket;
    return socket;
  }

  #read(chunk) {
    this.#buffer = this.#buffer.length ? Buffer.concat([this.#buffer, chunk]) : chunk;
    let offset = 0;
    for (;;) {
      if (offset >= this.#buffer.length) break;
      const reply = parseReply(this.#buffer, offset);
      if (!reply) break;
      offset = reply.next;
      this.#pending.shift()?.resolve(reply.value);
    }
    this.#buffer = this.#buffer.subarray(offset);
  }
}
