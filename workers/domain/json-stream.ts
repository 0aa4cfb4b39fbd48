/**
 * Writes one JSON document a piece at a time, so a document larger than memory can be streamed: the
 * caller opens objects and arrays, adds values (each serialised by JSON.stringify, which escapes
 * quotes, control characters and lone surrogates), and takes the text written so far whenever it
 * wants to send it. Commas and nesting are tracked here, so the text is valid JSON once every
 * container is closed, whatever the values hold.
 */
export class JsonStreamWriter {
  private text = "";
  /** One entry per open container: whether it is an object and whether it holds anything yet. */
  private readonly open: { object: boolean; filled: boolean }[] = [];
  private ended = false;

  /** Characters written and not taken yet. */
  get size(): number {
    return this.text.length;
  }

  /** True once the outermost container is closed (or a single top-level value written). */
  get done(): boolean {
    return this.ended;
  }

  /** The text written since the last call. */
  take(): string {
    const out = this.text;
    this.text = "";
    return out;
  }

  beginObject(key?: string): this {
    this.prefix(key);
    this.text += "{";
    this.open.push({ object: true, filled: false });
    return this;
  }

  endObject(): this {
    return this.close(true, "}");
  }

  beginArray(key?: string): this {
    this.prefix(key);
    this.text += "[";
    this.open.push({ object: false, filled: false });
    return this;
  }

  endArray(): this {
    return this.close(false, "]");
  }

  /** A whole value (`undefined` is written as null, as in an array). */
  value(value: unknown, key?: string): this {
    this.prefix(key);
    this.text += JSON.stringify(value) ?? "null";
    if (this.open.length === 0) this.ended = true;
    return this;
  }

  private prefix(key: string | undefined): void {
    if (this.ended) throw new Error("the JSON document is already complete");
    const top = this.open.at(-1);
    if (!top) {
      if (key !== undefined) throw new Error("a top-level value has no key");
      return;
    }
    if (top.object !== (key !== undefined))
      throw new Error(top.object ? "a value inside an object needs a key" : "a value inside an array takes no key");
    if (top.filled) this.text += ",";
    top.filled = true;
    if (key !== undefined) this.text += `${JSON.stringify(key)}:`;
  }

  private close(object: boolean, bracket: string): this {
    const top = this.open.pop();
    if (!top || top.object !== object) throw new Error(`no open ${object ? "object" : "array"} to close`);
    this.text += bracket;
    if (this.open.length === 0) this.ended = true;
    return this;
  }
}
