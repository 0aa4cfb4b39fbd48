import { subjectHash } from "../domain/hash";
import { JsonStreamWriter } from "../domain/json-stream";
import type { AppEnv } from "../env";
import { logEvent, logRejection } from "../log";
import { appendAudit } from "../ports/db/audit";
import { exportSections } from "./export/sections";

export const EXPORT_FORMAT = "edge-coach-export/1";
/** Bytes (UTF-16 units, roughly) gathered before a piece goes out: few small writes, little held. */
const FLUSH_AT = 32_768;

export type ExportRequest = {
  env: AppEnv;
  userId: string;
  requestId: string;
  now: number;
  /** Keeps the Worker alive for the audit entry of an export the client abandoned. */
  waitUntil: (promise: Promise<unknown>) => void;
};

/** `edge-coach-export-YYYY-MM-DD.json`, by the UTC day of the export. */
export const exportFileName = (now: number) => `edge-coach-export-${new Date(now).toISOString().slice(0, 10)}.json`;

/**
 * Every record of the user as one JSON document, produced as the client reads it: sections are written
 * in order, each list page by page (PAGE_SIZE rows from D1 or an actor) and item by item, so memory holds
 * one page whatever the user has. The manifest of counts comes last. The audit entry is appended when the
 * last section has been written (before the manifest, so a complete document implies an audited export);
 * an export the client abandons, or one that fails, is audited as incomplete with the counts so far.
 */
export function exportDocument(request: ExportRequest): ReadableStream<Uint8Array> {
  const chunks = documentChunks(request);
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (error) {
        logEvent("error", "export failed mid-stream", { requestId: request.requestId, error: String(error) });
        controller.error(error);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

async function* documentChunks(request: ExportRequest): AsyncGenerator<string, void, undefined> {
  const { env, userId, requestId, now } = request;
  const hash = await subjectHash(userId);
  const counts: Record<string, number> = {};
  const audit = (detail: Record<string, unknown>) =>
    appendAudit(env, {
      actorHash: hash,
      action: "export",
      subjectHash: hash,
      detail: { requestId, counts, ...detail },
    });
  let audited = false;
  const w = new JsonStreamWriter();
  try {
    w.beginObject()
      .value(EXPORT_FORMAT, "format")
      .value(new Date(now).toISOString(), "exportedAt")
      .value(userId, "userId")
      .beginObject("sections");
    for (const section of exportSections({ env, userId, subjectHash: hash })) {
      if (section.kind === "object") {
        const value = (await section.read()) ?? null;
        w.value(value, section.name);
        counts[section.name] = value === null ? 0 : 1;
      } else {
        w.beginArray(section.name);
        counts[section.name] = 0;
        for await (const page of section.pages()) {
          for (const item of page) {
            w.value(item);
            counts[section.name] = (counts[section.name] ?? 0) + 1;
          }
          if (w.size >= FLUSH_AT) yield w.take();
        }
        w.endArray();
      }
      if (w.size >= FLUSH_AT) yield w.take();
    }
    w.endObject();
    await audit({ complete: true });
    audited = true;
    w.beginObject("manifest").value(counts, "counts").endObject().endObject();
    yield w.take();
  } finally {
    // the client went away or a read failed: the export still happened, in part
    if (!audited)
      request.waitUntil(audit({ complete: false }).catch(logRejection("export audit not written", { requestId })));
  }
}
