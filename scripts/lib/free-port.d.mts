/** A free TCP port on 127.0.0.1 (for a server the caller starts next). */
export function freePort(): Promise<number>;
