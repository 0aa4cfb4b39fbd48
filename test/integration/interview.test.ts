import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, inject, it } from "vitest";
import type { JobActor } from "../../durable-objects/job-actor";
import type { Job } from "../../schemas/interview";
import { startJob } from "../../workers/services/resumes";
import { api, expectProblem, newUser, uniqueId } from "../helpers/api";
import { parseSse } from "../helpers/knowledge";

const resume = {
  title: "Backend engineer",
  content:
    "Backend engineer with 6 years in Go and Kubernetes. I led the migration of 40 services to Kubernetes. I reduced p99 latency by 35% with a caching layer. I mentored four junior engineers.",
  skills: ["Go", "Kubernetes", "PostgreSQL"],
  yearsOfExperience: 6,
};

async function newResume(token: string, body: object = resume) {
  const res = await api("/v1/resumes", { method: "POST", token, json: body });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

const job = async (token: string, id: string) => (await (await api(`/v1/jobs/${id}`, { token })).json()) as Job;
/** Lets a started job finish, so its actor's alarms do not outlive the test (and its file's runtime). */
const settled = (token: string, id: string) =>
  expect.poll(async () => (await job(token, id)).status, { timeout: 10_000, interval: 50 }).toBe("succeeded");
const jobStub = (id: string) => env.JOB.get(env.JOB.idFromName(id));

describe("resumes", () => {
  it("are created, read, listed, replaced and deleted by their owner only", async () => {
    const [owner, stranger] = [await newUser(), await newUser()];
    const id = await newResume(owner.token);
    expect(await (await api(`/v1/resumes/${id}`, { token: owner.token })).json()).toMatchObject({
      id,
      skills: resume.skills,
    });
    await expectProblem(await api(`/v1/resumes/${id}`, { token: stranger.token }), 404);
    await expectProblem(await api(`/v1/resumes/${id}`, { method: "PUT", token: stranger.token, json: resume }), 404);
    const put = await api(`/v1/resumes/${id}`, {
      method: "PUT",
      token: owner.token,
      json: { ...resume, title: "Staff engineer" },
    });
    expect(await put.json()).toMatchObject({ title: "Staff engineer" });
    const list = (await (await api("/v1/resumes", { token: owner.token })).json()) as { items: { id: string }[] };
    expect(list.items.map((r) => r.id)).toEqual([id]);
    expect((await api(`/v1/resumes/${id}`, { method: "DELETE", token: owner.token })).status).toBe(204);
    await expectProblem(await api(`/v1/resumes/${id}`, { token: owner.token }), 404);
  });

  it.each([
    ["empty content", { ...resume, content: "" }],
    ["50,001 characters", { ...resume, content: "가".repeat(50_001) }],
    ["negative experience", { ...resume, yearsOfExperience: -1 }],
    ["51 skills", { ...resume, skills: Array.from({ length: 51 }, (_, i) => `s${i}`) }],
  ])("answers 400 for %s", async (_, body) => {
    const { token } = await newUser();
    await expectProblem(await api("/v1/resumes", { method: "POST", token, json: body }), 400);
  });
});

describe("interview prep jobs", () => {
  it("run to 100 with monotonic progress over SSE and a schema-valid result", async () => {
    const { token } = await newUser();
    const resumeId = await newResume(token);
    const start = await api(`/v1/resumes/${resumeId}/interview-questions`, {
      method: "POST",
      token,
      json: { count: 6, level: "senior" },
    });
    expect(start.status).toBe(202);
    const { jobId } = (await start.json()) as { jobId: string };
    const events = parseSse(await (await api(`/v1/jobs/${jobId}/stream`, { token })).text());
    const progress = events.filter((e) => e.event === "progress").map((e) => Number(e.data.progress));
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(events.at(-1)?.event).toBe("done");
    const finished = await job(token, jobId);
    expect(finished).toMatchObject({ status: "succeeded", progress: 100, provider: "offline" });
    const questions = (finished.result as { questions: { category: string; evidence: string }[] }).questions;
    expect(questions).toHaveLength(6);
    expect(new Set(questions.map((q) => q.category)).size).toBe(3);
  });

  it("builds a learning path with one entry per week", async () => {
    const { token } = await newUser();
    const resumeId = await newResume(token);
    const { jobId } = (await (
      await api(`/v1/resumes/${resumeId}/learning-path`, {
        method: "POST",
        token,
        json: { weeks: 4, goal: "Staff engineer" },
      })
    ).json()) as { jobId: string };
    await expect.poll(async () => (await job(token, jobId)).status, { timeout: 8000, interval: 50 }).toBe("succeeded");
    expect(((await job(token, jobId)).result as { weeks: { week: number }[] }).weeks.map((w) => w.week)).toEqual([
      1, 2, 3, 4,
    ]);
  });

  it("an identical request within 10 minutes returns the same job", async () => {
    const { token } = await newUser();
    const resumeId = await newResume(token);
    const ask = async (count: number) =>
      (await (
        await api(`/v1/resumes/${resumeId}/interview-questions`, { method: "POST", token, json: { count } })
      ).json()) as { jobId: string; existing: boolean };
    const first = await ask(5);
    expect(await ask(5)).toEqual({ jobId: first.jobId, existing: true });
    expect((await ask(6)).jobId).not.toBe(first.jobId);
  });

  it("deleting a resume deletes the jobs made from it, finished or running", async () => {
    const { token } = await newUser();
    const resumeId = await newResume(token);
    const start = async (count: number) =>
      (await (
        await api(`/v1/resumes/${resumeId}/interview-questions`, { method: "POST", token, json: { count } })
      ).json()) as { jobId: string };
    const finished = await start(5);
    await expect.poll(async () => (await job(token, finished.jobId)).status, { timeout: 10_000 }).toBe("succeeded");
    const queued = await start(6);
    expect((await api(`/v1/resumes/${resumeId}`, { method: "DELETE", token })).status).toBe(204);
    for (const { jobId } of [finished, queued]) {
      await expectProblem(await api(`/v1/jobs/${jobId}`, { token }), 404);
      await expectProblem(await api(`/v1/jobs/${jobId}/stream`, { token }), 404);
    }
    const left = await env.DB.prepare(`SELECT count(*) AS n FROM jobs WHERE resume_id = ?`).bind(resumeId).first();
    expect(left).toEqual({ n: 0 });
  });

  it("another user's job is 404", async () => {
    const [owner, stranger] = [await newUser(), await newUser()];
    const resumeId = await newResume(owner.token);
    const { jobId } = (await (
      await api(`/v1/resumes/${resumeId}/interview-questions`, { method: "POST", token: owner.token, json: {} })
    ).json()) as { jobId: string };
    await expectProblem(await api(`/v1/jobs/${jobId}`, { token: stranger.token }), 404);
    await expectProblem(await api(`/v1/jobs/${jobId}/cancel`, { method: "POST", token: stranger.token }), 404);
    await expectProblem(await api(`/v1/jobs/${jobId}/stream`, { token: stranger.token }), 404);
    await expectProblem(await api(`/v1/jobs/${crypto.randomUUID()}`, { token: owner.token }), 404);
  });

  it("answers 400 for a count over 30 and weeks over 26", async () => {
    const { token } = await newUser();
    const resumeId = await newResume(token);
    await expectProblem(
      await api(`/v1/resumes/${resumeId}/interview-questions`, { method: "POST", token, json: { count: 31 } }),
      400,
    );
    await expectProblem(
      await api(`/v1/resumes/${resumeId}/learning-path`, { method: "POST", token, json: { weeks: 27 } }),
      400,
    );
  });
});

describe("the job actor", () => {
  const input = {
    kind: "interview-questions" as const,
    resume: { ...resume, yearsOfExperience: 6 },
    count: 4,
    level: "mid" as const,
    weeks: 6,
  };

  // The actor schedules each next step at once; driving steps inside one runInDurableObject call
  // (and clearing the alarm) keeps the test in control of exactly which steps have run.
  async function stepped(id: string, owner: string, steps: number, then?: (instance: JobActor) => Promise<unknown>) {
    await runInDurableObject(jobStub(id), async (instance: JobActor, state) => {
      await instance.start(id, owner, input);
      for (let i = 0; i < steps; i++) {
        await state.storage.deleteAlarm();
        await instance.alarm();
      }
      await state.storage.deleteAlarm();
      await then?.(instance);
    });
  }

  it("cancel stops further steps and ends cancelled", async () => {
    const owner = uniqueId();
    const id = crypto.randomUUID();
    await stepped(id, owner, 1, async (instance) => {
      expect((await instance.status(owner))?.progress).toBe(20);
      expect((await instance.cancel(owner))?.status).toBe("cancelled");
      await instance.alarm();
    });
    expect(await runDurableObjectAlarm(jobStub(id))).toBe(false);
    expect(await jobStub(id).status(owner)).toMatchObject({ status: "cancelled", progress: 20 });
  });

  it("a restarted actor continues from its last completed step", async () => {
    const owner = uniqueId();
    const id = crypto.randomUUID();
    await stepped(id, owner, 2);
    expect(await jobStub(id).status(owner)).toMatchObject({ status: "running", progress: 70 });
    await evictDurableObject(jobStub(id));
    await runInDurableObject(jobStub(id), (_: JobActor, state) => state.storage.setAlarm(Date.now()));
    await expect
      .poll(async () => (await jobStub(id).status(owner))?.status, { timeout: 5000, interval: 50 })
      .toBe("succeeded");
    expect((await jobStub(id).status(owner))?.progress).toBe(100);
  });

  async function withProviders(id: string, owner: string, providers: object[], extra: Record<string, string> = {}) {
    await runInDurableObject(jobStub(id), async (instance: JobActor, state) => {
      (instance as unknown as { env: object }).env = { ...env, LLM_PROVIDERS: JSON.stringify(providers), ...extra };
      await instance.start(id, owner, input);
      for (let i = 0; i < 4; i++) {
        await state.storage.deleteAlarm();
        await instance.alarm();
      }
      await state.storage.deleteAlarm();
    });
  }

  it("ends failed with the reason when every provider is down", async () => {
    const [owner, id] = [uniqueId(), crypto.randomUUID()];
    await withProviders(
      id,
      owner,
      [{ kind: "openai", name: `down-${id}`, baseURL: `${inject("vendorUrl")}/fail/v1`, model: "x" }],
      { LLM_OFFLINE_FALLBACK: "false" },
    );
    const failed = (await jobStub(id).status(owner))!;
    expect(failed).toMatchObject({ status: "failed", progress: 20 });
    expect(failed.error).toMatch(/every provider failed/);
  });

  it("skips a provider that times out and records the one that answered", async () => {
    const [owner, id] = [uniqueId(), crypto.randomUUID()];
    await withProviders(
      id,
      owner,
      [
        { kind: "openai", name: `slow-${id}`, baseURL: `${inject("vendorUrl")}/slow/v1`, model: "slow" },
        { kind: "offline", name: "offline" },
      ],
      { LLM_TIMEOUT_MS: "300" },
    );
    expect(await jobStub(id).status(owner)).toMatchObject({ status: "succeeded", provider: "offline", progress: 100 });
  });
});

describe("GET /v1/admin/llm/providers", () => {
  it("lists the chain with breaker state to admins and refuses others", async () => {
    const admin = await newUser("admin");
    const res = await api("/v1/admin/llm/providers", { token: admin.token });
    const { items } = (await res.json()) as { items: { name: string; breaker: { state: string }; kind: string }[] };
    expect(items.at(-1)).toMatchObject({ name: "offline", kind: "offline", breaker: { state: "closed" } });
    const { token } = await newUser();
    await expectProblem(await api("/v1/admin/llm/providers", { token }), 403);
  });
});

describe("job dedupe", () => {
  it("a cancelled job is not returned for the same request again", async () => {
    const { token } = await newUser();
    const resumeId = await newResume(token);
    const ask = async () =>
      (await (
        await api(`/v1/resumes/${resumeId}/learning-path`, { method: "POST", token, json: { weeks: 3 } })
      ).json()) as { jobId: string; existing: boolean };
    const first = await ask();
    await api(`/v1/jobs/${first.jobId}/cancel`, { method: "POST", token });
    const status = (await job(token, first.jobId)).status;
    const second = await ask();
    if (status === "cancelled") expect(second).toMatchObject({ existing: false });
    else expect(second).toEqual({ jobId: first.jobId, existing: true });
  });

  it("20 identical requests at once start exactly one job", async () => {
    const { token } = await newUser();
    const resumeId = await newResume(token);
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        api(`/v1/resumes/${resumeId}/interview-questions`, { method: "POST", token, json: { count: 4 } }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(202));
    const answers = (await Promise.all(responses.map((r) => r.json()))) as { jobId: string; existing: boolean }[];
    expect(new Set(answers.map((a) => a.jobId)).size).toBe(1);
    expect(answers.filter((a) => !a.existing)).toHaveLength(1);
    await settled(token, answers[0]!.jobId);
  });

  // The HTTP requests above reach the claim at nearly, not exactly, the same moment in the test
  // runtime; calling the service 20 times at once makes every request race for the same claim.
  it("20 identical starts racing in one isolate share one job", async () => {
    const { id: owner, token } = await newUser();
    const resumeId = await newResume(token);
    const starts = await Promise.all(
      Array.from({ length: 20 }, () => startJob(env, owner, resumeId, "interview-questions", { count: 3 })),
    );
    expect(new Set(starts.map((s) => s.jobId)).size).toBe(1);
    expect(starts.filter((s) => !s.existing)).toHaveLength(1);
    await settled(token, starts[0]!.jobId);
  });

  it("a failed job is replaced by one fresh job, however many identical requests ask at once", async () => {
    const { id: owner, token } = await newUser();
    const resumeId = await newResume(token);
    const ask = async () =>
      (await (
        await api(`/v1/resumes/${resumeId}/learning-path`, { method: "POST", token, json: { weeks: 2 } })
      ).json()) as { jobId: string; existing: boolean };
    const first = await ask();
    // the offline provider never fails: end the job failed in its own storage, whatever step it reached
    await runInDurableObject(jobStub(first.jobId), async (_: JobActor, state) => {
      await state.storage.deleteAlarm();
      state.storage.sql.exec(`UPDATE job SET status = 'failed', error = 'failed by the test'`);
    });
    expect((await jobStub(first.jobId).status(owner))?.status).toBe("failed");
    const again = await Promise.all(Array.from({ length: 10 }, ask));
    const fresh = new Set(again.map((a) => a.jobId));
    expect(fresh.size).toBe(1);
    expect(fresh.has(first.jobId)).toBe(false);
    expect(again.filter((a) => !a.existing)).toHaveLength(1);
    await settled(token, again[0]!.jobId);
  });
});
