/**
 * A hibernatable socket's `webSocketClose`: answers the client's close frame with the same code (1005,
 * "no status", cannot be sent, so it becomes 1000) so the client sees a clean close, not a dropped
 * connection. The runtime may have closed the socket already; then there is nothing to answer.
 */
export function answerClose(ws: WebSocket, code: number, reason: string): void {
  try {
    ws.close(code === 1005 ? 1000 : code, reason);
  } catch {
    // already closed by the runtime
  }
}
