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

/** How long an export may hold the user's lease: one that died without releasing it frees the user after this. */
export const EXPORT_LEASE_MS = 10 * 60_000;

type UserActorStub = ReturnType<AppEnv["USER_ACTOR"]["get"]>;
const lease = async (actor: UserActorStub, action: "take" | "release", id: string, now: number) =>
  (await actor.exportPage({ section: "lease", action, id, until: now + EXPORT_LEASE_MS, now })) as unknown as {
    items: boolean[];
  };

/**
 * The export's stream, or null while another export of the same user is still being written (one at a
 * time: an export reads every store of the user, so parallel ones would only multiply that cost).
 */
export async function startExport(request: ExportRequest): Promise<ReadableStream<Uint8Array> | null> {
  const actor = request.env.USER_ACTOR.get(request.env.USER_ACTOR.idFromName(request.userId));
  const taken = await lease(actor, "take", request.requestId, request.now);
  if (!taken.items[0]) return null;
  const release = () =>
    request.waitUntil(
      lease(actor, "release", request.requestId, Date.now()).catch(
        logRejection("export lease not released", { requestId: request.requestId }),
      ),
    );
  return exportDocument(request, release);
}

/** `edge-coach-export-YYYY-MM-DD.json`, by the UTC day of the export. */
export const exportFileName = (now: number) => `edge-coach-export-${new Date(now).toISOString().slice(0, 10)}.json`;

/**
 * Every record of the user as one JSON document, produced as the client reads it: sections are written
 * in order, each list page by page (PAGE_SIZE rows from D1 or an actor) and item by item, so memory holds
 * one page whatever the user has. The manifest of counts comes last. The audit entry is appended when the
 * last section has been written (before the manifest, so a complete document implies an audited export);
 * an export the client abandons, or one that fails, is audited as incomplete with the counts so far.
 */
export function exportDocument(request: ExportRequest, done: () => void = () => {}): ReadableStream<Uint8Array> {
  const chunks = documentChunks(request, done);
  const encoder = new TextEncoder();
  let cancelled = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await chunks.next();
        // a client that leaves while a page is read cancels the stream under this pull
        if (cancelled) return;
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (error) {
        logEvent("error", "export failed mid-stream", { requestId: request.requestId, error: String(error) });
        controller.error(error);
      }
    },
    async cancel() {
      cancelled = true;
      await chunks.return(undefined);
    },
  });
}

async function* documentChunks(request: ExportRequest, done: () => void): AsyncGenerator<string, void, undefined> {
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
    done();
  }
}
