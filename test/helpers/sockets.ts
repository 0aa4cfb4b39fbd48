/** A WebSocket opened through the Worker, with a queue of parsed frames to await in order. */
export type TestSocket = {
  ws: WebSocket;
  response: Response;
  next(type?: string, timeoutMs?: number): Promise<{ type: string; id?: number; data?: unknown }>;
  received: { type: string; id?: number; data?: unknown }[];
  close(): void;
};

export function wrapSocket(response: Response): TestSocket {
  const ws = response.webSocket;
  if (!ws) throw new Error(`no WebSocket in response (status ${response.status})`);
  ws.accept();
  const received: TestSocket["received"] = [];
  const waiters: (() => void)[] = [];
  ws.addEventListener("message", (event) => {
    received.push(JSON.parse(String(event.data)) as TestSocket["received"][number]);
    waiters.splice(0).forEach((w) => w());
  });
  let cursor = 0;
  async function next(type?: string, timeoutMs = 2000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (cursor < received.length) {
        const frame = received[cursor++]!;
        if (!type || frame.type === type) return frame;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${type ?? "frame"} within ${timeoutMs} ms; got ${JSON.stringify(received)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
  return { ws, response, next, received, close: () => ws.close(1000, "test done") };
}
