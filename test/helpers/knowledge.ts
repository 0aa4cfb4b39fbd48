/// <reference types="vite/client" />
import { createParser } from "eventsource-parser";
import { api, newUser } from "./api";

// Vite inlines the real knowledge base at transform time, so tests index exactly what ships.
const files = import.meta.glob("../../knowledge/**/*.md", { query: "?raw", import: "default", eager: true }) as Record<
  string,
  string
>;

export const KNOWLEDGE_DOCUMENTS = Object.entries(files)
  .filter(([path]) => !path.endsWith("README.md"))
  .map(([path, content]) => ({ path: path.replace(/^(\.\.\/)+/, ""), content }));

let indexed: Promise<void> | undefined;

/** Indexes the knowledge base once per test file (idempotent on the server anyway). */
export function indexKnowledgeOnce(): Promise<void> {
  indexed ??= (async () => {
    const admin = await newUser("admin");
    const res = await api("/v1/admin/knowledge", {
      method: "POST",
      token: admin.token,
      json: { documents: KNOWLEDGE_DOCUMENTS },
    });
    if (res.status !== 200) throw new Error(`indexing knowledge: ${res.status} ${await res.text()}`);
  })();
  return indexed;
}

export type SseEvent = { event: string; data: Record<string, unknown> };

/** Parses a complete SSE body into its events, with the same parser the pages and the widget use. */
export function parseSse(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  const parser = createParser({
    onEvent: ({ event, data }) =>
      events.push({ event: event ?? "message", data: JSON.parse(data) as Record<string, unknown> }),
  });
  parser.feed(text);
  return events;
}
