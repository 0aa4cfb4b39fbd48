// The soak's mix: one operation is one request of one product line, chosen by weight for a random
// user, with the per-user state (retrospectives, resumes, coaching session) real clients keep.
import { performance } from "node:perf_hooks";
import { streamTurn } from "../../bench/chat-client.mjs";
import { isProxy503, timedCall } from "./soak-record.mjs";

// Shares of operations, roughly as the product is used: shopping events and reads dominate, the
// LLM-backed lines (coaching, interview jobs) are rare and slow.
export const MIX = {
  events: 20,
  recs: 13,
  catalogue: 14,
  retros: 11,
  reports: 4,
  resumes: 7,
  jobs: 0.5,
  coach: 4,
  notifications: 6,
  me: 8,
  live: 2,
};

const TYPES = ["visionary", "coaching", "affiliative", "democratic", "pacesetting", "commanding"];
const EVENT_TYPES = ["view", "view", "view", "view", "click", "click", "add_to_cart", "purchase"];
const SENTENCES = [
  "I shipped the onboarding flow on time, but the review queue piled up again on Thursday.",
  "The planning meeting ran long because we had not agreed on the goal beforehand.",
  "I gave specific feedback to a new teammate and it landed well.",
  "I said yes to two extra requests and had no focus time left.",
  "Pairing with the support team showed me where customers get stuck.",
];
const QUESTIONS = [
  "How do I give feedback to a senior engineer who keeps missing deadlines?",
  "My team avoids conflict in meetings. What should I try first?",
  "How can I delegate more without losing quality?",
];
const JOB_POLL_MS = 1000;
const JOB_TIMEOUT_MS = 120_000;

/**
 * `users`: `[{ id, token }]`; `items`: the seeded catalogue; `random`: a seeded PRNG. `rec` is the
 * recorder requests are counted in (swapped between calibration and soak). `op(since)` runs one
 * operation; `settle()` waits for the interview jobs still being polled.
 */
export function workload({ users, items, random, rec }) {
  const state = users.map((u) => ({ ...u, retros: [], resumes: [], session: null, chatting: false, unread: [] }));
  const pick = (list) => list[Math.floor(random() * list.length)];
  const chance = (p) => random() < p;
  const families = Object.entries(MIX);
  const total = families.reduce((a, [, w]) => a + w, 0);
  const categories = [...new Set(items.map((i) => i.category))];
  const jobs = { submitted: 0, succeeded: 0, failed: [], polling: new Set() };
  let seq = 0;
  const uid = () => `${Date.now().toString(36)}-${(seq++).toString(36)}`;
  const self = { rec, jobs, pushTests: { sent: 0, delivered: 0 } };

  const call = (family, method, path, user, opts) =>
    timedCall(self.rec, family, method, path, { token: user.token, ...opts });
  const event = () => {
    if (chance(0.05))
      return { traceId: uid(), type: "search", query: pick(SENTENCES).split(" ").slice(0, 3).join(" ") };
    return { traceId: uid(), type: pick(EVENT_TYPES), itemId: pick(items).id };
  };
  const noneRejected = (b) => (b.rejected?.length ? `rejected ${JSON.stringify(b.rejected).slice(0, 200)}` : null);
  const resumeBody = (user) => ({
    title: `Backend engineer ${uid()}`,
    content: `${pick(SENTENCES)} Built payment services in Go and PostgreSQL for ${user.id}.`,
    skills: ["Go", "PostgreSQL", pick(["Kubernetes", "Kafka", "Terraform"])],
    yearsOfExperience: 2 + Math.floor(random() * 10),
  });

  const ops = {
    events: (u, since) => {
      const body = chance(0.2) ? { events: Array.from({ length: 2 + Math.floor(random() * 7) }, event) } : event();
      return call("events", "POST", "/v1/events", u, { body, since, expect: [202], check: noneRejected });
    },
    recs: (u, since) => {
      const category = chance(0.25) ? `&category=${pick(categories)}` : "";
      return call("recs", "GET", `/v1/recommendations?limit=10${category}`, u, { since });
    },
    catalogue: (u, since) => {
      if (chance(0.65)) return call("catalogue", "GET", `/v1/items/${pick(items).id}`, u, { since });
      const category = chance(0.5) ? `&category=${pick(categories)}` : "";
      return call("catalogue", "GET", `/v1/items?limit=20${category}`, u, { since });
    },
    retros: async (u, since) => {
      const r = random();
      if (u.retros.length === 0 || r < 0.3) {
        const body = { purpose: "Weekly review", content: `${pick(SENTENCES)} ${pick(SENTENCES)} (${uid()})` };
        const created = await call("retros", "POST", "/v1/retrospects", u, {
          body: { ...body, mood: 1 + Math.floor(random() * 5), tags: ["work"] },
          since,
          expect: [202],
        });
        if (created) u.retros.push(created.id);
        return created;
      }
      if (r < 0.6) return call("retros", "GET", "/v1/retrospects?limit=20", u, { since });
      if (r < 0.85) return call("retros", "GET", `/v1/retrospects/${pick(u.retros)}`, u, { since });
      return call("retros", "GET", "/v1/retrospects/stats", u, { since });
    },
    reports: (u, since) => {
      const period = pick(["week", "month"]);
      if (chance(0.2)) return call("reports", "POST", "/v1/reports", u, { body: { period }, since, expect: [202] });
      return call("reports", "GET", `/v1/reports${chance(0.5) ? `?period=${period}` : ""}`, u, { since });
    },
    resumes: async (u, since) => {
      // a resume an interview job is working on is never deleted: the job would fail for our own reasons
      const free = u.resumes.filter((r) => r.users === 0);
      const r = random();
      if (u.resumes.length === 0 || (u.resumes.length < 3 && r < 0.3)) {
        const created = await call("resumes", "POST", "/v1/resumes", u, { body: resumeBody(u), since, expect: [201] });
        if (created) u.resumes.push({ id: created.id, users: 0 });
        return created;
      }
      if (r < 0.5) return call("resumes", "GET", "/v1/resumes", u, { since });
      if (r < 0.8 || free.length === 0 || u.resumes.length < 2) {
        const resume = pick(u.resumes);
        resume.users++;
        const body = chance(0.5) ? resumeBody(u) : undefined;
        const path = `/v1/resumes/${resume.id}`;
        const done = await call("resumes", body ? "PUT" : "GET", path, u, { body, since });
        resume.users--;
        return done;
      }
      const gone = pick(free);
      u.resumes.splice(u.resumes.indexOf(gone), 1);
      return call("resumes", "DELETE", `/v1/resumes/${gone.id}`, u, { since, expect: [204] });
    },
    jobs: async (u, since) => {
      if (u.resumes.length === 0) return ops.resumes(u, since);
      const resume = pick(u.resumes);
      const kind = chance(0.5) ? "interview-questions" : "learning-path";
      const body = kind === "learning-path" ? { weeks: 4 } : { count: 5, level: "mid" };
      resume.users++;
      const started = await call("jobs", "POST", `/v1/resumes/${resume.id}/${kind}`, u, { body, since, expect: [202] });
      if (!started) return void resume.users--;
      jobs.submitted++;
      const poll = follow(u, started.jobId).finally(() => {
        resume.users--;
        jobs.polling.delete(poll);
      });
      jobs.polling.add(poll);
    },
    coach: async (u, since) => {
      if (chance(0.35) || u.chatting) {
        const body = { leadershipType: pick(TYPES), locale: "en" };
        return call("coach", "POST", "/v1/coach/interpretation", u, { body, since });
      }
      if (!u.session) {
        const body = { leadershipType: pick(TYPES) };
        const created = await call("coach", "POST", "/v1/coach/sessions", u, { body, since, expect: [201] });
        u.session = created?.id ?? null;
        return created;
      }
      // turns of one session run one at a time, as in the app
      u.chatting = true;
      try {
        if (chance(0.5)) {
          const path = `/v1/coach/sessions/${u.session}/messages`;
          return await call("coach", "POST", path, u, { body: { content: pick(QUESTIONS) }, since });
        }
        return await sseTurn(u, since);
      } finally {
        u.chatting = false;
      }
    },
    notifications: async (u, since) => {
      if (u.unread.length > 0 && chance(0.3)) {
        const id = u.unread.pop();
        return call("notifications", "POST", `/v1/notifications/${id}/read`, u, { since });
      }
      const page = await call("notifications", "GET", "/v1/notifications?limit=20", u, { since });
      if (page) u.unread = page.items.filter((n) => n.readAt === null).map((n) => n.id);
      return page;
    },
    me: (u, since) => call("me", "GET", "/v1/me", u, { since }),
    live: async (u, since) => {
      const body = { title: "Soak check", body: `push ${uid()}` };
      const pushed = await call("live", "POST", "/v1/stream/test", u, { body, since, expect: [202] });
      if (pushed) {
        self.pushTests.sent++;
        self.pushTests.delivered += pushed.delivered;
      }
      return pushed;
    },
  };

  async function sseTurn(u, since) {
    const started = since ?? performance.now();
    const path = `POST /v1/coach/sessions/${u.session}/messages (SSE)`;
    try {
      const turn = await streamTurn(self.rec.url, u.token, u.session, pick(QUESTIONS));
      const ms = performance.now() - started;
      if (isProxy503(turn.status, turn.detail)) {
        self.rec.requests++;
        self.rec.proxyDropped++;
      } else if (turn.status !== 200)
        self.rec.fail("coach", ms, turn.status >= 500 ? "5xx" : "4xx", `${path} → ${turn.status}`);
      else if (turn.end !== "done") self.rec.fail("coach", ms, "invalid", `${path}: ended ${turn.end} ${turn.detail}`);
      else self.rec.ok("coach", ms);
    } catch (error) {
      self.rec.fail(
        "coach",
        null,
        /silent for/.test(error.message) ? "timeout" : "connection",
        `${path}: ${error.message}`,
      );
    }
  }

  /** Polls an interview job until it ends; each poll is a request of the jobs family. */
  async function follow(u, jobId) {
    const deadline = Date.now() + JOB_TIMEOUT_MS;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, JOB_POLL_MS));
      const job = await call("jobs", "GET", `/v1/jobs/${jobId}`, u, {});
      if (job?.status === "succeeded") return void jobs.succeeded++;
      if (job && ["failed", "cancelled"].includes(job.status)) return void jobs.failed.push(`${jobId}: ${job.error}`);
    }
    jobs.failed.push(`${jobId}: not finished in ${JOB_TIMEOUT_MS / 1000} s`);
  }

  self.op = (since) => {
    let r = random() * total;
    const [family] = families.find(([, w]) => (r -= w) < 0) ?? families[0];
    return ops[family](pick(state), since);
  };
  self.settle = () => Promise.all([...jobs.polling]);
  return self;
}
