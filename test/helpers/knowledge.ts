/// <reference types="vite/client" />
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

/** Parses a complete SSE body into its events. */
export function parseSse(text: string): SseEvent[] {
  return text
    .split("\n\n")
    .filter((block) => block.trim())
    .map((block) => {
      const event = /^event: (.+)$/m.exec(block)?.[1] ?? "message";
      const data = JSON.parse(/^data: (.+)$/m.exec(block)?.[1] ?? "{}") as Record<string, unknown>;
      return { event, data };
    });
}
