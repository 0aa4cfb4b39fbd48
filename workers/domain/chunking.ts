/**
 * Markdown knowledge documents → retrieval chunks. A document is YAML-ish front matter (flat keys,
 * `[a, b]` lists) and a body; each `##` section becomes a chunk, prefixed with the document title
 * in the section's language (`title` for English, `title_ko` for Korean sections) so a chunk carries
 * its context into the embedding and is cited in its own language. Sections longer than `maxChars`
 * are split at paragraph boundaries.
 */
export type FrontMatter = Record<string, string | string[]>;
export type Lang = "en" | "ko";
export type Chunk = {
  id: string;
  docId: string;
  title: string;
  section: string;
  text: string;
  order: number;
  lang: Lang;
};

/**
 * The language a passage is written in, by script: Korean when Hangul syllables outweigh the Latin
 * letters (a syllable counts as three letters, so "SBI 모델로 피드백하기" is Korean), else English.
 */
export function scriptLanguage(text: string): Lang {
  const hangul = text.match(/[\uac00-\ud7af]/g)?.length ?? 0;
  const latin = text.match(/[A-Za-z]/g)?.length ?? 0;
  return hangul > 0 && hangul * 3 >= latin ? "ko" : "en";
}

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
): { meta: FrontMatter; title: string; titles: Record<Lang, string>; chunks: Chunk[] } {
  const { meta, body } = parseFrontMatter(markdown);
  const h1 = /^#\s+(.+)$/m.exec(body)?.[1]?.trim();
  const title = (typeof meta.title === "string" && meta.title) || h1 || docId;
  const titles = { en: title, ko: (typeof meta.title_ko === "string" && meta.title_ko) || title };
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
    const lang = scriptLanguage(`${s.heading}\n${s.text}`);
    for (const part of splitLong(s.text, maxChars)) {
      const order = chunks.length;
      chunks.push({
        id: `${docId}#${order}`,
        docId,
        title: titles[lang],
        section: s.heading,
        text: `${titles[lang]} — ${s.heading}\n${part}`,
        order,
        lang,
      });
    }
  }
  return { meta, title, titles, chunks };
}
