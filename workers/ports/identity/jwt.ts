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
 * Verifies signature, `iss`, `aud` and `exp`. The algorithm list is fixed per key type, so
 * `alg: none` and algorithm-confusion tokens are refused before any key is touched.
 */
export async function verifyToken(token: string, config: Config): Promise<AuthUser> {
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
      ({ payload } = await jwtVerify(token, secret, { ...options, algorithms: ["HS256"] }));
    } else if (alg && ASYMMETRIC.includes(alg) && config.JWKS_URL) {
      ({ payload } = await jwtVerify(token, jwks(config.JWKS_URL), { ...options, algorithms: ASYMMETRIC }));
    } else {
      throw new UnauthorizedError(`tokens signed with ${alg ?? "no algorithm"} are not accepted`);
    }
    if (typeof payload.iat === "number" && payload.iat > Date.now() / 1000 + IAT_LEEWAY_SECONDS)
      throw new UnauthorizedError("the token's iat claim is in the future");
    const claims = VerifiedClaimsSchema.safeParse(payload);
    if (!claims.success) throw new UnauthorizedError("the token's subject is missing or malformed");
    return {
      id: claims.data.sub,
      role: claims.data.role,
      email: claims.data.email,
      ...(typeof payload.iat === "number" ? { issuedAt: payload.iat } : {}),
    };
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
