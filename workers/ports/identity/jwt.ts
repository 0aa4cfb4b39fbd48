import { SignJWT, createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWTVerifyGetKey } from "jose";
import { DEV_JWT_SECRET, type Config } from "../../../schemas/config";
import { VerifiedClaimsSchema, type AuthUser, type Role } from "../../../schemas/auth";
import { ConfigError, UnauthorizedError } from "../../errors";

const ASYMMETRIC = ["RS256", "ES256"];
/** Clock skew forgiven on `iat`; jose refuses any `nbf` in the future and checks no `iat` unless told a max age. */
const IAT_LEEWAY_SECONDS = 60;

// jose caches fetched keys inside the set, so one set per URL per isolate avoids refetching.
const jwksSets = new Map<string, JWTVerifyGetKey>();
function jwks(url: string): JWTVerifyGetKey {
  let set = jwksSets.get(url);
  if (!set)
    jwksSets.set(url, (set = createRemoteJWKSet(new URL(url), { timeoutDuration: 3000, cooldownDuration: 30_000 })));
  return set;
}

/**
 * The HS256 secret: configured, or the development one outside production. Production never uses the
 * development secret (it is public in this repository), not even when JWT_SECRET is set to it;
 * `configOf` refuses that configuration too, this keeps the port safe on its own.
 */
export function hmacSecret(config: Config): Uint8Array | undefined {
  const production = config.ENVIRONMENT === "production";
  const secret = production ? config.JWT_SECRET : (config.JWT_SECRET ?? DEV_JWT_SECRET);
  if (!secret || (production && secret === DEV_JWT_SECRET)) return undefined;
  return new TextEncoder().encode(secret);
}

/**
 * Tokens this isolate has verified: a client sends the same token with every request, and checking
 * its signature again (base64, JSON, key import, HMAC) was a fifth of an authenticated request's
 * CPU. An entry answers only under the configuration that verified it, until the token's `exp`, and
 * for at most VERIFIED_FOR_MS (so a JWKS key withdrawn at the issuer stops being trusted soon);
 * revocation (token epochs) is checked on every request after this.
 */
const VERIFIED_MAX = 5000;
const VERIFIED_FOR_MS = 5 * 60_000;
type Verified = { user: AuthUser; until: number; verifier: string };
const verified = new Map<string, Verified>();

/** What decides whether a token verifies, besides the token. */
const verifierOf = (config: Config) =>
  [config.ENVIRONMENT, config.JWT_ISSUER, config.JWT_AUDIENCE, config.JWT_SECRET ?? "", config.JWKS_URL ?? ""].join(
    "\n",
  );

/**
 * Verifies signature, `iss`, `aud` and `exp`. The algorithm list is fixed per key type, so
 * `alg: none` and algorithm-confusion tokens are refused before any key is touched.
 */
export async function verifyToken(token: string, config: Config): Promise<AuthUser> {
  const verifier = verifierOf(config);
  const now = Date.now();
  const hit = verified.get(token);
  if (hit && hit.verifier === verifier && now < hit.until) return hit.user;
  if (hit) verified.delete(token);
  const { user, exp } = await verifySignature(token, config);
  if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value!);
  verified.set(token, { user: Object.freeze(user), verifier, until: Math.min(exp * 1000, now + VERIFIED_FOR_MS) });
  return user;
}

// jose imports a raw secret as a key on every call; the key of a secret is imported once per isolate
const hmacKeys = new Map<string, Promise<CryptoKey>>();
function hmacKey(secret: Uint8Array): Promise<CryptoKey> {
  const id = new TextDecoder().decode(secret);
  let key = hmacKeys.get(id);
  if (!key) {
    key = crypto.subtle.importKey("raw", secret, { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
    hmacKeys.set(id, key);
  }
  return key;
}

async function verifySignature(token: string, config: Config): Promise<{ user: AuthUser; exp: number }> {
  let alg: string | undefined;
  try {
    alg = decodeProtectedHeader(token).alg;
  } catch {
    throw new UnauthorizedError("the bearer token is not a JWT");
  }
  const options = { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE, requiredClaims: ["sub", "exp"] };
  const secret = hmacSecret(config);
  try {
    let payload;
    if (alg === "HS256" && secret) {
      ({ payload } = await jwtVerify(token, await hmacKey(secret), { ...options, algorithms: ["HS256"] }));
    } else if (alg && ASYMMETRIC.includes(alg) && config.JWKS_URL) {
      ({ payload } = await jwtVerify(token, jwks(config.JWKS_URL), { ...options, algorithms: ASYMMETRIC }));
    } else {
      throw new UnauthorizedError(`tokens signed with ${alg ?? "no algorithm"} are not accepted`);
    }
    if (typeof payload.iat === "number" && payload.iat > Date.now() / 1000 + IAT_LEEWAY_SECONDS)
      throw new UnauthorizedError("the token's iat claim is in the future");
    const claims = VerifiedClaimsSchema.safeParse(payload);
    if (!claims.success) throw new UnauthorizedError("the token's subject is missing or malformed");
    const user: AuthUser = {
      id: claims.data.sub,
      role: claims.data.role,
      email: claims.data.email,
      ...(typeof payload.iat === "number" ? { issuedAt: payload.iat } : {}),
    };
    // `exp` is a required claim and jose has checked that it is a number in the future
    return { user, exp: payload.exp! };
  } catch (error) {
    if (error instanceof UnauthorizedError) throw error;
    if (error instanceof errors.JWTExpired) throw new UnauthorizedError("the token has expired");
    if (error instanceof errors.JWTClaimValidationFailed) {
      throw new UnauthorizedError(`the token's ${error.claim} claim is not accepted`);
    }
    if (error instanceof errors.JOSEError) throw new UnauthorizedError("the token's signature is not valid");
    throw error;
  }
}

export async function issueToken(
  user: { id: string; email?: string; role: Role },
  config: Config,
): Promise<{ token: string; expiresAt: string }> {
  const secret = hmacSecret(config);
  if (!secret) throw new ConfigError("no JWT_SECRET is configured for issuing tokens");
  const expiresAt = new Date(Date.now() + config.TOKEN_TTL_SECONDS * 1000);
  const token = await new SignJWT({ role: user.role, ...(user.email ? { email: user.email } : {}) })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(user.id)
    .setIssuer(config.JWT_ISSUER)
    .setAudience(config.JWT_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(secret);
  return { token, expiresAt: expiresAt.toISOString() };
}
