// Demo social data through the API: demo-ko and demo-en follow each other and post in Korean and English
// with reactions, an approved and a held comment; the community "새벽 러닝 · Dawn runners" with challenges
// that count the seeded life-log; and a Pro-only community, so a Free member (demo-ko) meets the upgrade
// prompt. Idempotent: each write looks first for what an earlier run made, and carries an Idempotency-Key.

export const DAWN_RUNNERS = "새벽 러닝 · Dawn runners";
export const PRO_CIRCLE = "Pro 코칭 서클 · Pro coaching circle";
const DAY_MS = 86_400_000;

/** The seeded posts; `day` (days before today, UTC) attaches that day of the author's timeline. */
export const DEMO_POSTS = [
  {
    key: "ko-run",
    author: "demo-ko",
    body: "오늘 새벽 한강에서 5km 달렸어요. 같이 뛰실 분 계신가요?",
    visibility: "public",
    day: 2,
  },
  {
    key: "en-workouts",
    author: "demo-en",
    body: "Three workouts this week. The evening slot works better for me than early mornings.",
    visibility: "public",
    day: 3,
  },
  {
    key: "en-sleep",
    author: "demo-en",
    body: "Followers only: trying to be asleep before 23:00 every night this week.",
    visibility: "followers",
  },
];

const COMMUNITY_POST = {
  key: "ko-dawn-meetup",
  author: "demo-ko",
  body: "토요일 아침 6시 여의나루역 2번 출구에서 만나요 · Saturday 6 am at Yeouinaru station, exit 2",
};

async function send(baseUrl, path, { token, body, method = body ? "POST" : "GET", key } = {}) {
  const headers = { "Content-Type": "application/json", Authorization: `Bearer ${token}` };
  if (key) headers["Idempotency-Key"] = `seed-social-${key}`;
  const res = await fetch(baseUrl + path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

/** Every page of a list route. */
async function all(baseUrl, path, token) {
  const items = [];
  let cursor = null;
  do {
    const query = new URLSearchParams({ limit: "100", ...(cursor ? { cursor } : {}) });
    const page = await send(baseUrl, `${path}?${query}`, { token });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

const dayBefore = (days, now = Date.now()) => new Date(now - days * DAY_MS).toISOString().slice(0, 10);

async function community(baseUrl, token, title, body, key) {
  const found = (await all(baseUrl, "/v1/communities", token)).find((c) => c.title === title);
  if (found) return found.id;
  return (await send(baseUrl, "/v1/communities", { token, body: { title, ...body }, key })).id;
}

async function join(baseUrl, token, id) {
  const { myRole } = await send(baseUrl, `/v1/communities/${id}`, { token });
  if (!myRole) await send(baseUrl, `/v1/communities/${id}/join`, { token, method: "POST" });
}

/**
 * Before the life-logs are seeded: the communities, the challenges and their members, so that the
 * seeded days reach the challenges' progress through the same activity stream as a device's upload.
 * `tokens` maps demo-ko and demo-en to development tokens. Resolves to the two communities' ids.
 */
export async function seedCommunities(baseUrl, tokens, now = Date.now()) {
  const ko = tokens["demo-ko"];
  const en = tokens["demo-en"];
  const dawn = await community(
    baseUrl,
    ko,
    DAWN_RUNNERS,
    { description: "해 뜨기 전에 달리는 사람들 · People who run before sunrise" },
    "community-dawn",
  );
  const existing = new Set((await all(baseUrl, `/v1/communities/${dawn}/challenges`, ko)).map((c) => c.title));
  const window = {
    startAt: new Date(now - 14 * DAY_MS).toISOString(),
    endAt: new Date(now + 14 * DAY_MS).toISOString(),
  };
  const challenges = [
    { title: "4주 동안 운동 12일 · Exercise on 12 days in four weeks", metric: { kind: "exercise_days" }, target: 12 },
    {
      title: "주 150분 운동 · 150 minutes of exercise a week",
      metric: { kind: "category_minutes_per_week", category: "exercise" },
      target: 150,
    },
  ];
  for (const [i, challenge] of challenges.entries())
    if (!existing.has(challenge.title))
      await send(baseUrl, `/v1/communities/${dawn}/challenges`, {
        token: ko,
        body: { ...challenge, ...window },
        key: `challenge-${i}-${window.startAt.slice(0, 10)}`,
      });
  await join(baseUrl, en, dawn);
  const pro = await community(
    baseUrl,
    en,
    PRO_CIRCLE,
    { description: "Pro 회원의 주간 코칭 모임 · A weekly coaching circle for Pro members", proOnly: true },
    "community-pro",
  );
  return { dawn, pro };
}

/** After the life-logs: follows, posts with a day of timeline, reactions, and an approved and a held comment. */
export async function seedPosts(baseUrl, tokens, { dawn }, now = Date.now()) {
  const ko = tokens["demo-ko"];
  const en = tokens["demo-en"];
  await send(baseUrl, "/v1/follows/demo-en", { token: ko, method: "POST" });
  await send(baseUrl, "/v1/follows/demo-ko", { token: en, method: "POST" });

  // each author's posts reach the other's feed (they follow each other); an earlier run's are found there
  const seen = [...(await all(baseUrl, "/v1/feed", ko)), ...(await all(baseUrl, "/v1/feed", en))];
  const ids = {};
  for (const post of DEMO_POSTS) {
    const found = seen.find((p) => p.authorId === post.author && p.body === post.body);
    const body = { body: post.body, visibility: post.visibility };
    if (post.day) body.day = dayBefore(post.day, now);
    ids[post.key] =
      found?.id ??
      (await send(baseUrl, "/v1/posts", { token: tokens[post.author], body, key: `${post.key}-${body.day ?? "none"}` }))
        .id;
  }

  const communityPosts = await all(baseUrl, `/v1/communities/${dawn}/posts`, ko);
  if (!communityPosts.some((p) => p.body === COMMUNITY_POST.body))
    await send(baseUrl, `/v1/communities/${dawn}/posts`, {
      token: ko,
      body: { body: COMMUNITY_POST.body },
      key: COMMUNITY_POST.key,
    });

  // one reaction per type per user: repeating one changes nothing
  for (const type of ["like", "cheer"])
    await send(baseUrl, `/v1/posts/${ids["ko-run"]}/reactions`, { token: en, body: { type } });
  await send(baseUrl, `/v1/posts/${ids["en-workouts"]}/reactions`, { token: ko, body: { type: "insight" } });

  await comment(baseUrl, en, ids["ko-run"], "멋져요! Great pace — count me in for Saturday.");
  // a link holds a comment for review: its author sees it as pending, others do not see it
  await comment(
    baseUrl,
    ko,
    ids["en-workouts"],
    "저녁 운동 팁은 여기 정리돼 있어요 https://example.com/evening-workouts",
  );
  return ids;
}

async function comment(baseUrl, token, postId, body) {
  const mine = await all(baseUrl, `/v1/posts/${postId}/comments`, token);
  if (!mine.some((c) => c.body === body))
    await send(baseUrl, `/v1/posts/${postId}/comments`, {
      token,
      body: { body },
      key: `comment-${postId}-${body.length}`,
    });
}
