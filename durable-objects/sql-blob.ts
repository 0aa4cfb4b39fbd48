/** A BLOB parameter for `SqlStorage.exec` as a byte view: workerd binds a bare ArrayBuffer far more slowly. */
export const sqlBlob = (v: Float32Array) => new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
