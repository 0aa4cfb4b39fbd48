import { Redis } from "@upstash/redis/cloudflare";
import { ConfigError, DependencyUnavailableError } from "../../errors";

/**
 * The one place that builds the Upstash Redis REST client for the cache and the rate limiter, and
 * turns its failures into errors that say what is wrong without echoing the command (which carries
 * cached user data).
 */
export type UpstashRedisConfig = { url: string; token: string };

/** A failure of Upstash Redis other than a refused token: unreachable, not the REST protocol, a command error. */
export class UpstashRedisError extends DependencyUnavailableError {
  override readonly name = "UpstashRedisError";
}

export function upstashRedis({ url, token }: UpstashRedisConfig): Redis {
  return new Redis({
    url,
    token,
    // values are JSON we validate ourselves; the client's own parsing would turn "123" into a number
    automaticDeserialization: false,
    enableTelemetry: false,
    // a few quick retries on network errors only (the client never retries an HTTP answer); the
    // default five with exponential backoff hold a request for four seconds when Redis is down
    retry: { retries: 2, backoff: (attempt) => 50 * 2 ** attempt },
  });
}

/** Runs one client call, rethrowing its failure as ConfigError (token refused) or UpstashRedisError. */
export async function upstashCall<T>(config: UpstashRedisConfig, what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw upstashFailure(config, what, err);
  }
}

function upstashFailure({ url }: UpstashRedisConfig, what: string, err: unknown): Error {
  const origin = new URL(url).origin;
  const message = err instanceof Error ? err.message : String(err);
  const name = err instanceof Error ? err.name : "";
  if (name === "UpstashError") {
    const reason = message.replace(/, command was: [\s\S]*$/, "");
    if (/^(WRONGPASS|NOPERM|Unauthorized)/i.test(reason)) {
      return new ConfigError(`Upstash Redis refused UPSTASH_REDIS_REST_TOKEN (${reason}) during ${what}`);
    }
    return new UpstashRedisError(`Upstash Redis at ${origin} failed ${what}: ${reason}`, { cause: err });
  }
  if (name === "UpstashJSONParseError") {
    return new UpstashRedisError(
      `${origin} answered ${what} with something other than the Upstash REST protocol (is UPSTASH_REDIS_REST_URL right?)`,
      { cause: err },
    );
  }
  return new UpstashRedisError(`Upstash Redis at ${origin} is unreachable (${what}): ${message}`, { cause: err });
}
