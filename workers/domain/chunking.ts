/**
 * Markdown knowledge documents → retrieval chunks. A document is YAML-ish front matter (flat keys,
 * `[a, b]` lists) and a body; each `##` section becomes a chunk, prefixed with the document title
 * so a chunk carries its context into the embedding. Sections longer than `maxChars` are split at
 * paragraph boundaries.
 */
export type FrontMatter = Record<string, string | string[]>;
export type Chunk = { id: string; docId: string; title: string; section: string; text: string; order: number };

export function parseFrontMatter(markdown: string): { meta: FrontMatter; body: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(markdown);
  if (!match) return { meta: {}, body: markdown };
  const meta: FrontMatter = {};
  for (const line of match[1]!.split(/\r?\n/)) {
    const kv = /^([A-Za-z_][\w-]*):\s*(.*)$/.exec(line);
    if (!kv) continue;
    const value = kv[2]!.trim();
    meta[kv[1]!] = /^\[.*\]$/.test(value)
      ? value
          .slice(1, -1)
          .split(",")
          .map((v) => unquote(v.trim()))
          .filter(Boolean)
      : unquote(value);
  }
  return { meta, body: markdown.slice(match[0].length) };
}

const unquote = (v: string) => v.replace(/^(["'])(.*)\1$/, "$2");

function splitLong(text: string, maxChars: number): string[] {
  if (text.length <= maxChars) return [text];
  const parts: string[] = [];
  let current = "";
  for (const paragraph of text.split(/\n{2,}/)) {
    if (current && current.length + paragraph.length + 2 > maxChars) {
      parts.push(current);
      current = "";
    }
    current = current ? `${current}\n\n${paragraph}` : paragraph;
  }
  if (current) parts.push(current);
  return parts;
}

export function chunkMarkdown(
  docId: string,
  markdown: string,
  maxChars = 1500,
): { meta: FrontMatter; title: string; chunks: Chunk[] } {
  const { meta, body } = parseFrontMatter(markdown);
  const h1 = /^#\s+(.+)$/m.exec(body)?.[1]?.trim();
  const title = (typeof meta.title === "string" && meta.title) || h1 || docId;
  const sections: { heading: string; text: string }[] = [];
  let heading = title;
  let lines: string[] = [];
  const flush = () => {
    const text = lines.join("\n").trim();
    if (text) sections.push({ heading, text });
    lines = [];
  };
  for (const line of body.split(/\r?\n/)) {
    const h2 = /^##\s+(.+)$/.exec(line);
    if (h2) {
      flush();
      heading = h2[1]!.trim();
    } else if (!/^#\s/.test(line)) {
      lines.push(line);
    }
  }
  flush();
  const chunks: Chunk[] = [];
  for (const s of sections) {
    for (const part of splitLong(s.text, maxChars)) {
      const order = chunks.length;
      chunks.push({
        id: `${docId}#${order}`,
        docId,
        title,
        section: s.heading,
        text: `${title} — ${s.heading}\n${part}`,
        order,
      });
    }
  }
  return { meta, title, chunks };
}
