// Interview prep jobs: 100 jobs submitted at once by 20 users with the default (offline) provider.
// Time until all are done, per-job submit → done latency, and how fast the actor's pushes reach
// clients over the job's SSE stream and over the users' live channels.
import { fetchJson, summary } from "./harness.mjs";
import { followJob, now, openLive } from "./jobs-clients.mjs";

export const name = "jobs";

const USERS = 20;
const PER_USER = 5;
const SOLO = 10;
const JOB_TIMEOUT_MS = 120_000;
const runId = Date.now().toString(36);

const RESUME = [
  "결제 시스템을 설계하고 응답 시간을 40% 단축했습니다.",
  "5명의 팀을 이끌며 서비스를 쿠버네티스로 전환했습니다.",
  "I led the migration of 30 services to Kubernetes and reduced costs by 25%.",
  "Built the on-call automation that halved the time to recover from incidents.",
];

// the API returns the same job for an identical request within 10 minutes, so every job of a user
// differs in its options
const spec = (k) =>
  k % 2 === 0
    ? { path: "interview-questions", body: { count: 4 + k, level: ["junior", "mid", "senior"][k % 3] } }
    : { path: "learning-path", body: { weeks: 2 + k } };

/** Only the bare route, which run.mjs adds; the job flow is not an autocannon load. */
export async function scenarios() {
  return [];
}

async function prepareUsers(ctx, prefix, count) {
  const users = [];
  for (let i = 0; i < count; i++) {
    const token = await ctx.devToken(`${prefix}-${i}`);
    const content = `${RESUME.join(" ")} (${prefix}-${i})`;
    const { id } = await fetchJson(ctx.url, "POST", "/v1/resumes", token, {
      title: `Resume ${i}`,
      content,
      skills: ["Go", "Kubernetes", "PostgreSQL"],
      yearsOfExperience: 3 + (i % 10),
    });
    users.push({ token, resumeId: id });
  }
  return users;
}

/** Submits one job and follows its stream right after the 202. */
async function oneJob(url, user, k) {
  const { path, body } = spec(k);
  const sentAt = now();
  const { jobId, existing } = await fetchJson(url, "POST", `/v1/resumes/${user.resumeId}/${path}`, user.token, body);
  const acceptedAt = now();
  const stream = await followJob(url, user.token, jobId, JOB_TIMEOUT_MS);
  return { jobId, existing, user, sentAt, acceptedAt, stream };
}

async function flow(ctx) {
  const users = await prepareUsers(ctx, `jobs-${runId}`, USERS);
  // one of each kind first, uncounted: the first job pays for loading the actor class
  const warm = await prepareUsers(ctx, `jobs-warm-${runId}`, 1);
  await Promise.all([oneJob(ctx.url, warm[0], 0), oneJob(ctx.url, warm[0], 1)]);
  const lives = await Promise.all(users.map((u) => openLive(ctx.url, u.token)));
  await ctx.waitForIdle({ timeoutMs: 30_000 });

  const { value, otherCpu, serverCpuSeconds } = await ctx.foreignCpu(async () => {
    const startedAt = now();
    const jobs = await Promise.all(
      Array.from({ length: USERS * PER_USER }, (_, j) => oneJob(ctx.url, users[j % USERS], Math.floor(j / USERS))),
    );
    return { startedAt, jobs };
  });
  // the live channel's job.done may trail the SSE `done` a little
  await new Promise((r) => setTimeout(r, 1000));
  for (const live of lives) live.ws.close();
  const views = await Promise.all(
    value.jobs.map((j) => fetchJson(ctx.url, "GET", `/v1/jobs/${j.jobId}`, j.user.token)),
  );

  // the floor: the same jobs one at a time on an idle server
  await ctx.waitForIdle({ timeoutMs: 60_000 });
  const solo = [];
  for (let k = 0; k < SOLO; k++) solo.push(await oneJob(ctx.url, warm[0], PER_USER + k));
  const soloViews = await Promise.all(solo.map((j) => fetchJson(ctx.url, "GET", `/v1/jobs/${j.jobId}`, j.user.token)));
  const messages = lives.flatMap((l) => l.messages);
  return { ...value, views, messages, otherCpu, serverCpuSeconds, solo, soloViews };
}

/** Jobs whose stream opened while they ran, with each one's done-event lag behind the actor's stamp. */
function pushedDone(jobs, views) {
  const byId = new Map(views.map((v) => [v.id, v]));
  // A stream whose first event is already terminal opened after the job ended: its `done` is a
  // snapshot, not a push, so it says nothing about push latency.
  const live = jobs.filter(
    (j) => j.stream.end && !["done", "cancelled", "failed"].includes(j.stream.events[0]?.data.stage),
  );
  return { live, lag: live.map((j) => j.stream.end.at - Date.parse(byId.get(j.jobId).updatedAt)) };
}

export async function figures(ctx, results) {
  const bare = results.find((r) => r.baseline);
  const { startedAt, jobs, views, messages, otherCpu, serverCpuSeconds, solo, soloViews } = await flow(ctx);
  const byId = new Map(views.map((v) => [v.id, v]));
  const ended = jobs.filter((j) => j.stream.end);
  const lastDone = Math.max(...ended.map((j) => j.stream.end.at));
  const succeeded = views.filter((v) => v.status === "succeeded").length;
  const broken = jobs.filter((j) => j.stream.error || j.existing).length + (jobs.length - succeeded);

  const { live, lag: doneLag } = pushedDone(jobs, views);
  const pushed = live.flatMap((j) => j.stream.events.slice(1));
  const gaps = live.flatMap((j) => j.stream.events.slice(1).map((e, i) => e.at - j.stream.events[i].at));
  const wsLag = messages.map((m) => m.at - m.stampedAt);
  const wsDone = messages
    .filter((m) => m.type === "job.done" && byId.has(m.data.jobId))
    .map((m) => m.at - Date.parse(byId.get(m.data.jobId).updatedAt));

  const total = summary(ended.map((j) => j.stream.end.at - j.sentAt));
  const post = summary(jobs.map((j) => j.acceptedAt - j.sentAt));
  const open = summary(jobs.filter((j) => j.stream.openedAt).map((j) => j.stream.openedAt - j.acceptedAt));
  const server = summary(views.map((v) => Date.parse(v.updatedAt) - Date.parse(v.createdAt)));
  const lag = summary(doneLag);
  const gap = summary(gaps);
  const ws = summary(wsLag);
  const wsD = summary(wsDone);
  const soloTotal = summary(solo.map((j) => j.stream.end.at - j.sentAt));
  const soloPushed = pushedDone(solo, soloViews);
  const soloLag = summary(soloPushed.lag);
  const soloGap = summary(
    soloPushed.live.flatMap((j) => j.stream.events.slice(1).map((e, i) => e.at - j.stream.events[i].at)),
  );
  const r = (v) => (v === undefined ? "n/a" : Math.round(v));
  const r1 = (v) => (v === undefined ? "n/a" : v.toFixed(1));
  const allDoneS = (lastDone - startedAt) / 1000;
  const n = jobs.length;
  return [
    {
      name: `jobs: ${n} submitted at once (${USERS} users × ${PER_USER}) → all done`,
      value: Math.round(allDoneS * 100) / 100,
      unit: "s",
      errors: broken,
      otherCpuPercent: otherCpu,
    },
    { name: "  succeeded / streams ended", value: `${succeeded} / ${ended.length} of ${n}` },
    ...streamErrors(jobs, views),
    {
      name: `  jobs done per second (bare route this run: ${bare ? Math.round(bare.requestsPerSec) : "n/a"} req/s)`,
      value: Math.round((n / allDoneS) * 10) / 10,
    },
    {
      name: "  one job costs this many bare-route requests (bare req/s ÷ jobs/s)",
      value: bare ? Math.round((bare.requestsPerSec * allDoneS) / n) : "n/a",
    },
    {
      name: `  server CPU per job, wrangler + workerd (bare route: ${bare?.serverCpuMsPerRequest?.toFixed(2) ?? "n/a"} ms/req)`,
      value: serverCpuSeconds == null ? "n/a" : Math.round((1000 * serverCpuSeconds) / n),
      unit: "ms",
    },
    {
      name: "  per job: POST sent → SSE done p50 / p99 / max",
      value: `${r(total.p50)} / ${r(total.p99)} / ${r(total.max)}`,
      unit: "ms",
    },
    {
      name: "  of which POST → 202 p50 / p99 / max",
      value: `${r(post.p50)} / ${r(post.p99)} / ${r(post.max)}`,
      unit: "ms",
    },
    {
      name: "  of which 202 → stream response headers p50 / p99 / max",
      value: `${r(open.p50)} / ${r(open.p99)} / ${r(open.max)}`,
      unit: "ms",
    },
    {
      name: "  server: createdAt → final updatedAt p50 / p99 / max",
      value: `${r(server.p50)} / ${r(server.p99)} / ${r(server.max)}`,
      unit: "ms",
    },
    {
      name: "SSE: streams opened after their job had ended (snapshot only)",
      value: `${ended.length - live.length} of ${n}`,
    },
    {
      name: `SSE: done event, JobActor stamp → client p50 / p99 / max (${lag.n} pushed)`,
      value: `${r1(lag.p50)} / ${r1(lag.p99)} / ${r1(lag.max)}`,
      unit: "ms",
    },
    {
      name: `SSE: gap between pushed events p50 / p99 (${pushed.length} pushed, no server stamp)`,
      value: `${r1(gap.p50)} / ${r1(gap.p99)}`,
      unit: "ms",
    },
    {
      name: `live channel: job.progress/done, UserActor stamp → client p50 / p99 / max (${ws.n})`,
      value: `${r1(ws.p50)} / ${r1(ws.p99)} / ${r1(ws.max)}`,
      unit: "ms",
    },
    {
      name: `live channel: job.done, JobActor stamp → client p50 / p99 / max (${wsD.n})`,
      value: `${r1(wsD.p50)} / ${r1(wsD.p99)} / ${r1(wsD.max)}`,
      unit: "ms",
      errors: n - wsD.n,
    },
    {
      name: `idle, ${SOLO} jobs one at a time: POST sent → SSE done p50 / max`,
      value: `${r(soloTotal.p50)} / ${r(soloTotal.max)}`,
      unit: "ms",
      errors: solo.filter((j) => !j.stream.end).length,
    },
    {
      name: `  SSE done, JobActor stamp → client p50 / max (${soloLag.n} pushed); gap p50`,
      value: `${r1(soloLag.p50)} / ${r1(soloLag.max)}; ${r1(soloGap.p50)}`,
      unit: "ms",
    },
  ];
}

/** One row per distinct stream failure, with what the stream had seen and what the job ended as. */
function streamErrors(jobs, views) {
  const byId = new Map(views.map((v) => [v.id, v]));
  const failed = jobs.filter((j) => j.stream.error);
  const kinds = new Map();
  for (const j of failed) {
    const seen = j.stream.events.map((e) => `${e.event}:${e.data.progress}`).join(",") || "nothing";
    const key = `${j.stream.error} (saw ${seen}; job ${byId.get(j.jobId)?.status})`;
    kinds.set(key, (kinds.get(key) ?? 0) + 1);
  }
  return [...kinds].map(([key, count]) => ({ name: `  stream error ×${count}: ${key}`, value: "", errors: count }));
}
