/**
 * Follows a background job to its end, for every page that starts one (interview prep, analytics
 * reports): progress from `GET /v1/jobs/:id/stream` as it happens, then the final view (with its result)
 * from `GET /v1/jobs/:id`. If the stream cannot be read (a proxy that buffers, a dropped connection) it
 * polls the job instead. An API problem on the stream (404, 401) is handed to the page, not retried.
 */
import { ProblemError } from "./api.js";
import { followSse } from "./sse.js";

export const TERMINAL = new Set(["succeeded", "failed", "cancelled"]);

/**
 * `call(path)` reads the API as the page does; `onProgress({progress, stage, status?})` for each step;
 * `onSettle(view)` once, with the final view; `onProblem(error)` for a problem the page shows;
 * `onFallback()` when it turns to polling. Returns `{stop, refresh}`: `refresh()` reads the job now.
 */
export function followJob(id, { call, token, pollMs, onProgress, onSettle, onProblem, onFallback }) {
  const ctl = new AbortController();
  let timer = null;
  let stopped = false;
  const stop = () => {
    stopped = true;
    ctl.abort();
    clearInterval(timer);
  };
  const read = async (final) => {
    try {
      const view = await call(`/v1/jobs/${id}`, { fresh: true });
      if (stopped) return;
      if (final || TERMINAL.has(view.status)) {
        stop();
        onSettle(view);
      } else onProgress(view);
    } catch (error) {
      if (!stopped) onProblem(error);
    }
  };
  (async () => {
    let ended = false;
    try {
      await followSse(`/v1/jobs/${id}/stream`, {
        token: token(),
        signal: ctl.signal,
        onEvent(event, data) {
          if (stopped) return;
          if (event === "progress") {
            // the stream's progress events carry no status; `queued` is the only stage before running
            onProgress({
              progress: data.progress,
              stage: data.stage,
              status: data.stage === "queued" ? "queued" : "running",
            });
          } else if (event === "done" || event === "failed") {
            ended = true;
            // a final status is shown only with its result, which the event does not carry
            onProgress({ progress: data.progress, stage: data.stage });
            read(true);
          }
        },
      });
      if (!ended) throw new Error("the progress stream closed before the job ended");
    } catch (error) {
      if (stopped) return;
      if (error instanceof ProblemError) return onProblem(error);
      onFallback?.();
      timer = setInterval(() => read(false), pollMs);
      read(false);
    }
  })();
  return { stop, refresh: () => read(false) };
}
