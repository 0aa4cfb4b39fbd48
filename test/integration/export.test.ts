import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { EXPORT_OBJECT_SECTIONS, EXPORT_SECTIONS } from "../../schemas/export";
import { subjectHash } from "../../workers/domain/hash";
import { api, expectProblem, newUser, uniqueId } from "../helpers/api";
import { ok, seedEverything, settle } from "../helpers/export-seed";
import { activity, postActivity } from "../helpers/lifelog";

type Doc = {
  format: string;
  exportedAt: string;
  userId: string;
  sections: Record<string, unknown>;
  manifest: { counts: Record<string, number> };
};
type Json = Record<string, unknown>;

async function exportOf(token: string): Promise<{ res: Response; text: string; doc: Doc }> {
  const res = await api("/v1/me/export", { token });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`export answered ${res.status}: ${text}`);
  return { res, text, doc: JSON.parse(text) as Doc };
}

const sizeOf = (name: string, value: unknown) =>
  EXPORT_OBJECT_SECTIONS.includes(name as never) ? (value === null ? 0 : 1) : (value as unknown[]).length;

describe("GET /v1/me/export", () => {
  it("answers 401 without a token", async () => {
    await expectProblem(await api("/v1/me/export"), 401);
  });

  it("streams a download with every section, empty for a new user, and the manifest last", async () => {
    const user = await newUser();
    const { res, text, doc } = await exportOf(user.token);
    expect(res.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="edge-coach-export-\d{4}-\d{2}-\d{2}\.json"$/,
    );
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(doc).toMatchObject({ format: "edge-coach-export/1", userId: user.id });
    expect(Object.keys(doc)).toEqual(["format", "exportedAt", "userId", "sections", "manifest"]);
    expect(Object.keys(doc.sections)).toEqual([...EXPORT_SECTIONS]);
    expect(text.indexOf('"manifest":')).toBeGreaterThan(text.indexOf('"audit":['));
    expect(doc.manifest.counts).toMatchObject({ profile: 1, posts: 0, notifications: 0 });
  });

  it("records each export in the audit log by the user's hash, with the counts and no personal data", async () => {
    const user = await newUser();
    const { res } = await exportOf(user.token);
    const hash = await subjectHash(user.id);
    const row = await env.DB.prepare(`SELECT actor_hash, action, detail FROM audit_log WHERE subject_hash = ?`)
      .bind(hash)
      .first<{ actor_hash: string; action: string; detail: string }>();
    expect(row).toMatchObject({ actor_hash: hash, action: "export" });
    const detail = JSON.parse(row!.detail) as Json;
    expect(detail).toMatchObject({
      complete: true,
      requestId: res.headers.get("X-Request-Id"),
      counts: { profile: 1 },
    });
    expect(row!.detail).not.toContain(user.id);
  });

  it("streams one export per user at a time: a second while the first is unread is 429, and 200 once it ends", async () => {
    const user = await newUser();
    const first = await api("/v1/me/export", { token: user.token });
    expect(first.status).toBe(200);
    const busy = await expectProblem(await api("/v1/me/export", { token: user.token }), 429);
    expect(busy.detail).toContain("still being written");
    const other = await newUser();
    const theirs = await api("/v1/me/export", { token: other.token });
    expect(theirs.status).toBe(200);
    await theirs.body?.cancel();
    expect((JSON.parse(await first.text()) as Doc).userId).toBe(user.id);
    await vi.waitFor(async () => expect((await api("/v1/me/export", { token: user.token })).status).toBe(200), {
      timeout: 5000,
      interval: 100,
    });
  });

  it("pages through long lists without losing or repeating a row, ties on the sort key included", async () => {
    const user = await newUser();
    const at = Date.now();
    const bulk = (sql: string) =>
      env.DB.prepare(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 401) ${sql}`);
    await env.DB.batch([
      // one created_at for every post: pages must break the tie by id
      bulk(
        `INSERT INTO posts (id, author_id, body, visibility, created_at) SELECT ?1 || '-p-' || i, ?1, '글 ' || i, 'private', ?2 FROM n`,
      ).bind(user.id, at),
      bulk(
        `INSERT INTO comments (id, post_id, author_id, body, moderation, created_at) SELECT ?1 || '-c-' || i, 'p', ?1, '댓글', 'approved', ?2 FROM n`,
      ).bind(user.id, at),
      bulk(`INSERT INTO item_events (user_id, trace_id, type, at) SELECT ?1, 't-' || i, 'view', ?2 + i FROM n`).bind(
        user.id,
        at,
      ),
    ]);
    const day = new Date(at - 86_400_000).toISOString().slice(0, 10);
    const events = Array.from({ length: 450 }, (_, i) =>
      activity("screen_time", new Date(Date.parse(`${day}T00:00:00Z`) + i * 60_000).toISOString(), 1, { app: "메모" }),
    );
    expect((await postActivity(user.token, events)).body.accepted).toBe(450);
    const { doc } = await exportOf(user.token);
    const ids = (name: string, key: string) => (doc.sections[name] as Json[]).map((r) => String(r[key]));
    for (const [name, key, n] of [
      ["posts", "id", 401],
      ["comments", "id", 401],
      ["recommendationEvents", "traceId", 401],
      ["activityEvents", "eventId", 450],
    ] as const) {
      expect(new Set(ids(name, key)).size, name).toBe(n);
      expect(doc.manifest.counts[name], name).toBe(n);
    }
  });

  it("holds one of every kind of record a seeded user created, and nothing of another user's", async () => {
    const [a, b, admin] = [await newUser(), await newUser(), await newUser("admin")];
    const marker = uniqueId("other-user-marker");
    await ok(b, "/v1/retrospects", { json: { purpose: marker, content: `${marker} 회고` } });
    const seeded = await seedEverything(a, b, admin);
    await ok(b, "/v1/posts", { json: { body: marker, visibility: "public" } });
    await settle(a, seeded);
    await exportOf(a.token); // the first export is in the second one's audit section
    const { text, doc } = await exportOf(a.token);

    const empty = EXPORT_SECTIONS.filter((name) => sizeOf(name, doc.sections[name]) === 0);
    expect(empty).toEqual([]);
    for (const name of EXPORT_SECTIONS) expect(doc.manifest.counts[name], name).toBe(sizeOf(name, doc.sections[name]));
    expect(text).not.toContain(marker);
    expect(text).not.toContain("_rowid");

    const s = doc.sections as Record<string, Json[]> & { profile: Json; entitlements: Json };
    const list = (name: string) => s[name]!;
    expect(s.profile).toMatchObject({ id: a.id, displayName: "김하늘", locale: "ko", tier: "pro" });
    expect(s.entitlements).toMatchObject({ userId: a.id, tier: "pro", status: "active" });
    expect(list("posts")[0]).toMatchObject({ authorId: a.id, body: seeded.postBody });
    expect(list("followers")).toEqual([{ userId: b.id, since: expect.any(String) }]);
    expect(list("following")).toEqual([{ userId: b.id, since: expect.any(String) }]);
    expect(list("labelVerifications")[0]).not.toHaveProperty("codeHash");
    expect(list("emails")[0]).toMatchObject({ to: seeded.email });
    // places sealed with the user's key are opened, in the hot copy and in D1's archive
    const places = (events: Json[]) => events.map((e) => (e.metadata as Json).place).filter(Boolean);
    expect(places(list("activityEvents"))).toContain(seeded.place);
    expect(places(list("archivedActivityEvents"))).toContain(seeded.place);
    expect(text).not.toMatch(/"place":"v1\./);
    expect(list("analyticsReports")[0]).toMatchObject({ objectKey: `users/${a.id}/reports/ar-${a.id}.json` });
    expect(list("jobs")[0]).toMatchObject({ state: { status: "succeeded" } });
    expect(list("coachMessages").map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(list("audit")[0]).toMatchObject({ action: "export", detail: { complete: true } });
  });
});
