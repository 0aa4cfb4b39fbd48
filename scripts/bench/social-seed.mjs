// The social bench's world, built through the API only: ~300 authors, a reader who follows 200 of them
// and one public label, 10,000 posts in Korean and English with every visibility, two followed authors
// popular enough to be read by fan-in, and reactions and comments skewed onto a few posts so the
// feed's popularity boost has something to rank.
import { performance } from "node:perf_hooks";
import { rng } from "../seed/catalogue.mjs";
import { fetchJson, tokens } from "./harness.mjs";

export const WORLD = {
  authors: 300,
  followed: 200,
  posts: 10_000,
  readerPosts: 20,
  /** Followed authors with more followers than FANOUT_MAX_FOLLOWERS (workers/domain/social/rank.ts, 1,000). */
  fanInAuthors: 2,
  fans: 1_000,
  /** Each author also follows this many other authors, so other inboxes fill as a real network's would. */
  authorFollows: 5,
  /** Unfollowed authors who show `interest: 러닝` publicly; the reader follows that label. */
  labelHolders: 30,
  reactions: 3_000,
  readerReactions: 50,
  comments: 600,
  concurrency: 8,
};
export const LABEL = { key: "interest", value: "러닝" };
const VISIBILITY_MIX = [
  ["public", 0.6],
  ["followers", 0.25],
  ["private", 0.15],
];
const REACTION_TYPES = ["like", "cheer", "insight"];

const KO = [
  "오늘 아침 한강에서 5km 달렸어요. 바람이 시원했어요",
  "점심 먹고 30분 산책했습니다",
  "스터디 모임에서 알고리즘 문제를 세 개 풀었어요",
  "주말에 가족과 북한산 등산 다녀왔어요 🏔️",
  "새벽 6시 기상 성공! 일주일째입니다",
  "발표 준비하느라 정신없던 하루였네요",
  "요가 수업을 처음 들어봤는데 생각보다 힘들어요",
  "밀린 빨래와 청소를 드디어 끝냈어요",
  "퇴근길 지하철에서 책 한 챕터 읽기",
  "수면 시간을 7시간으로 맞추는 중입니다",
];
const EN = [
  "Ran 5 km along the river before work",
  "Took a 30-minute walk after lunch",
  "Three algorithm problems with the study group tonight",
  "Hiked with the family this weekend",
  "Up at 6 for the seventh day in a row",
  "A whole day of preparing the quarterly review",
  "First yoga class: harder than it looks",
  "Finally caught up on laundry and cleaning",
  "Read a chapter on the train home",
  "Trying to keep sleep at seven hours",
];
const COMMENTS = [
  "멋져요! 저도 내일 도전해볼게요",
  "Nice work, keep it up",
  "화이팅 💪",
  "How long did that take you?",
  "저도 같은 코스 뛰어요",
  "Great rhythm this week",
  // held for moderation (a link), so the author sees it and others do not
  "자세한 코스는 https://example.com/route 참고하세요",
];

/** Runs `fn` over `items` with at most `limit` requests in flight. */
export async function pool(items, limit, fn) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i], i);
      }
    }),
  );
}

function visibilityOf(r) {
  let roll = r();
  for (const [visibility, share] of VISIBILITY_MIX) if ((roll -= share) < 0) return visibility;
  return "public";
}

/** A body of one to four sentences, Korean or English (a few mixed), unique by its number. */
function bodyOf(r, n) {
  const lang = r();
  const from = lang < 0.45 ? KO : lang < 0.9 ? EN : [...KO, ...EN];
  const sentences = Array.from({ length: 1 + Math.floor(r() * 4) }, () => from[Math.floor(r() * from.length)]);
  return `${sentences.join(". ")} (#${n})`;
}

/** The post `i` of `n`, skewed towards the start: a few posts collect most reactions, as in any feed. */
const skewed = (r, n) => Math.floor(n * r() ** 3);

/**
 * Builds the world on the server at `ctx.url` and returns who the reader is and whom they follow.
 * Every request must succeed; the first failure stops the bench with the server's answer.
 */
export async function seedSocial(ctx, runId) {
  const { url, devToken } = ctx;
  const r = rng(20261205);
  const started = performance.now();
  const send = (token, method, path, body) => fetchJson(url, method, path, token, body);
  const inPool = (items, fn) => pool(items, WORLD.concurrency, fn);
  const counts = { requests: 0 };
  const count = (key, n = 1) => {
    counts[key] = (counts[key] ?? 0) + n;
    counts.requests += n;
  };

  const readerId = `social-reader-${runId}`;
  const reader = await devToken(readerId);
  const authorIds = Array.from({ length: WORLD.authors }, (_, i) => `social-author-${runId}-${i}`);
  const authorTokens = await tokens(devToken, `social-author-${runId}`, WORLD.authors);
  const fanTokens = await tokens(devToken, `social-fan-${runId}`, WORLD.fans);
  const followed = new Set(authorIds.slice(0, WORLD.followed));

  // labels first: the labels source reads current holders, so order does not matter there
  const holders = authorIds.slice(WORLD.followed, WORLD.followed + WORLD.labelHolders);
  await inPool(holders, async (_, i) => {
    const token = authorTokens[WORLD.followed + i];
    await send(token, "PUT", `/v1/labels/${LABEL.key}`, { value: LABEL.value, visibility: "public" });
    count("labels");
  });
  await send(reader, "POST", `/v1/follows/labels/${LABEL.key}/${encodeURIComponent(LABEL.value)}`);
  count("labelFollows");

  // follows before posts: a post fans out to the followers its author has when it is written
  const follows = [...followed].map((id) => [reader, id]);
  for (let i = 0; i < WORLD.authors; i++)
    for (let k = 1; k <= WORLD.authorFollows; k++)
      follows.push([authorTokens[i], authorIds[(i + k * 37) % WORLD.authors]]);
  for (const fan of fanTokens) for (let k = 0; k < WORLD.fanInAuthors; k++) follows.push([fan, authorIds[k]]);
  await inPool(follows, async ([token, followee]) => {
    await send(token, "POST", `/v1/follows/${followee}`);
    count("follows");
  });
  const followsDone = performance.now();

  const plan = Array.from({ length: WORLD.posts }, (_, n) => {
    const own = n % Math.floor(WORLD.posts / WORLD.readerPosts) === 0;
    const author = own ? -1 : Math.floor(r() * WORLD.authors);
    return { n, author, visibility: visibilityOf(r), body: bodyOf(r, n) };
  });
  const posts = [];
  await inPool(plan, async (p) => {
    const token = p.author < 0 ? reader : authorTokens[p.author];
    const { id } = await send(token, "POST", "/v1/posts", { body: p.body, visibility: p.visibility });
    posts.push({ id, author: p.author, visibility: p.visibility });
    count(`posts ${p.visibility}`);
  });
  const postsDone = performance.now();

  // reactions and comments only where the actor may see the post: public posts by anyone
  const open = posts.filter((p) => p.visibility === "public" && p.author >= 0).sort((a, b) => (a.id < b.id ? -1 : 1));
  const interactions = [
    ...Array.from({ length: WORLD.reactions }, () => ({
      token: authorTokens[Math.floor(r() * WORLD.authors)],
      post: open[skewed(r, open.length)],
      reaction: REACTION_TYPES[Math.floor(r() * 3)],
    })),
    ...Array.from({ length: WORLD.readerReactions }, () => ({
      token: reader,
      post: open[skewed(r, open.length)],
      reaction: REACTION_TYPES[Math.floor(r() * 3)],
    })),
    ...Array.from({ length: WORLD.comments }, () => ({
      token: authorTokens[Math.floor(r() * WORLD.authors)],
      post: open[skewed(r, open.length)],
      comment: COMMENTS[Math.floor(r() * COMMENTS.length)],
    })),
  ];
  await inPool(interactions, async (x) => {
    if (x.reaction) {
      await send(x.token, "POST", `/v1/posts/${x.post.id}/reactions`, { type: x.reaction });
      count("reactions");
    } else {
      const { moderation } = await send(x.token, "POST", `/v1/posts/${x.post.id}/comments`, { body: x.comment });
      count(`comments ${moderation}`);
    }
  });
  const writesDone = performance.now();
  // fan-out rows, counters and request logs may still be settling: measure an idle server
  const idleMs = await ctx.waitForIdle({ windowMs: 3_000, timeoutMs: 120_000 });

  return {
    reader,
    readerId,
    followed,
    counts,
    seconds: {
      follows: (followsDone - started) / 1000,
      posts: (postsDone - followsDone) / 1000,
      interactions: (writesDone - postsDone) / 1000,
      idle: idleMs === null ? null : idleMs / 1000,
    },
    postsPerSec: WORLD.posts / ((postsDone - followsDone) / 1000),
  };
}
