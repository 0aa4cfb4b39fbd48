// Seeds demo data. SQL files seed D1 before the server starts; API steps run against the live
// server so actors get their state through the same code paths users take. Every step is idempotent.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { root, wrangler } from "../lib/wrangler.mjs";
import { demoCatalogue } from "./catalogue.mjs";
import { COHORT_USERS, DEMO_COHORT, demoLifelog } from "./lifelog.mjs";
import { seedCommunities, seedPosts } from "./social.mjs";

export const DEMO_USERS = [
  {
    userId: "demo-ko",
    role: "user",
    welcome: { title: "Edge Coach에 오신 것을 환영합니다", body: "대시보드에서 실시간 채널을 확인해 보세요." },
  },
  {
    userId: "demo-en",
    role: "user",
    welcome: { title: "Welcome to Edge Coach", body: "Your live channel is connected." },
  },
  {
    userId: "demo-admin",
    role: "admin",
    welcome: { title: "Admin ready", body: "Catalogue and inventory routes accept this token." },
  },
];

export function seedDatabase(persistArgs = []) {
  for (const file of readdirSync(join(root, "scripts/seed"))
    .filter((f) => f.endsWith(".sql"))
    .sort()) {
    wrangler(["d1", "execute", "DB", "--local", ...persistArgs, "--file", join("scripts/seed", file)]);
  }
}

/** Every knowledge document (README excluded), by path relative to the repository. */
export function knowledgeDocuments() {
  const dir = join(root, "knowledge");
  return readdirSync(dir, { recursive: true })
    .filter((f) => f.endsWith(".md") && !f.endsWith("README.md"))
    .sort()
    .map((f) => ({ path: relative(root, join(dir, f)), content: readFileSync(join(dir, f), "utf8") }));
}

async function call(baseUrl, path, { token, body, method = body ? "POST" : "GET" } = {}) {
  const res = await fetch(baseUrl + path, {
    method,
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok)
    throw Object.assign(new Error(`${method} ${path} → ${res.status}: ${await res.text()}`), { status: res.status });
  return res.json();
}

/**
 * A development token. Only a development server issues them: a production one (the deployed default)
 * answers 404, or 503 when it has no JWT secret, and seeding it is a mistake worth naming.
 */
async function developmentToken(baseUrl, user) {
  try {
    return (await call(baseUrl, "/v1/auth/token", { body: { userId: user.userId, role: user.role } })).token;
  } catch (error) {
    if (error.status !== 404 && error.status !== 503) throw error;
    throw new Error(
      `${baseUrl} issues no development tokens, so it is not a development server; seed one started by ` +
        `npm run dev (ENVIRONMENT=development). ${error.message}`,
    );
  }
}

/** Gets each demo user a token and a welcome notification (once: skipped if they already have messages). */
export async function seedThroughApi(baseUrl) {
  const tokens = {};
  for (const user of DEMO_USERS) {
    const token = await developmentToken(baseUrl, user);
    tokens[user.userId] = token;
    const profile = await call(baseUrl, "/v1/me", { token });
    if (profile.lastMessageId === 0) await call(baseUrl, "/v1/stream/test", { token, body: user.welcome });
  }
  const admin = tokens["demo-admin"];
  await call(baseUrl, "/v1/admin/knowledge", { token: admin, body: { documents: knowledgeDocuments() } });
  const catalogue = demoCatalogue(200);
  const existing = await call(baseUrl, "/v1/items?limit=1", { token: admin });
  // an older demo catalogue (the same ids, mixed-language titles, no currency) is replaced in place
  const first = await call(baseUrl, `/v1/items/${catalogue[0].id}`, { token: admin }).catch((error) => {
    if (error.status === 404) return null;
    throw error;
  });
  const older = first !== null && (first.title !== catalogue[0].title || first.currency !== catalogue[0].currency);
  if (existing.items.length === 0 || older)
    await call(baseUrl, "/v1/items/batch", { token: admin, body: { items: catalogue } });
  // the communities' challenges exist before the life-logs arrive, so the seeded days count toward them
  const communities = await seedCommunities(baseUrl, tokens);
  await seedLifelogs(baseUrl, tokens);
  await seedPosts(baseUrl, tokens, communities);
  return tokens;
}

/**
 * Two weeks of life-log for demo-ko and demo-en, and a cohort of fourteen people sharing their
 * affiliation, so the dashboard's timeline, week, insights and matches all have something to show.
 */
async function seedLifelogs(baseUrl, tokens) {
  const people = [
    { userId: "demo-ko", token: tokens["demo-ko"], locale: "ko", offsetHours: 9, visibility: "anonymized_timeline" },
    { userId: "demo-en", token: tokens["demo-en"], locale: "en", offsetHours: 0, visibility: "anonymized_timeline" },
  ];
  for (const [i, userId] of COHORT_USERS.entries()) {
    const token = await developmentToken(baseUrl, { userId, role: "user" });
    const locale = i % 2 === 0 ? "ko" : "en";
    people.push({
      userId,
      token,
      locale,
      offsetHours: locale === "ko" ? 9 : 0,
      visibility: i % 3 === 0 ? "anonymized_timeline" : "stats_only",
    });
  }
  for (const person of people) {
    const { token } = person;
    const events = demoLifelog(person.userId, person);
    for (let i = 0; i < events.length; i += 500)
      await call(baseUrl, "/v1/activity", { token, body: { events: events.slice(i, i + 500) } });
    await call(baseUrl, "/v1/me/privacy", { token, method: "PUT", body: { visibility: person.visibility } });
    await call(baseUrl, `/v1/labels/${DEMO_COHORT.key}`, {
      token,
      method: "PUT",
      body: { value: DEMO_COHORT.value, domain: DEMO_COHORT.domain, visibility: "public" },
    });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const baseUrl = process.argv[2] ?? "http://localhost:8787";
  await seedThroughApi(baseUrl);
  console.log(`seeded ${DEMO_USERS.length} demo users through ${baseUrl}`);
}
