// A real WebSocket handshake against the dev server, for the matrix and auth sections: the status the
// server answered (101, or the refusal's status and body), and the frames received until a `ready`
// frame or `waitMs`.
import WebSocket from "ws";

/**
 * @param {string} url http(s) URL of the socket route
 * @param {{ headers?: Record<string, string>, protocols?: string[], waitMs?: number }} [opts]
 * @returns {Promise<{ status: number, body: string, type?: string, protocol?: string }>}
 */
export function handshake(url, { headers = {}, protocols, waitMs = 1000 } = {}) {
  return new Promise((resolve) => {
    const ws = new WebSocket(url.replace(/^http/, "ws"), protocols, { headers, handshakeTimeout: 15_000 });
    const frames = [];
    let timer;
    const finish = (result) => {
      clearTimeout(timer);
      resolve(result);
    };
    let opened = false;
    ws.on("unexpected-response", (req, res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => {
        finish({ status: res.statusCode ?? 0, body, type: res.headers["content-type"] ?? "" });
        req.destroy();
      });
    });
    ws.on("open", () => {
      opened = true;
      timer = setTimeout(() => ws.close(1000, "done"), waitMs);
    });
    ws.on("message", (data) => {
      frames.push(String(data));
      if (String(data).includes('"type":"ready"')) ws.close(1000, "done");
    });
    ws.on("close", () => finish({ status: 101, body: frames.join("\n"), protocol: ws.protocol }));
    // a network failure before the upgrade is status 0; after it, `close` follows and reports 101
    ws.on("error", (error) => {
      if (!opened) finish({ status: 0, body: String(error.message ?? error) });
    });
  });
}
