import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { addMember } from "../../workers/ports/db/communities";
import { api, expectProblem, newUser } from "../helpers/api";
import { setTier } from "../helpers/lifelog-rows";

type User = { id: string; token: string };
type Community = { id: string; title: string; proOnly: boolean; memberCount: number; myRole: string | null };

async function createCommunity(user: User, body: Record<string, unknown>): Promise<string> {
  const res = await api("/v1/communities", { method: "POST", token: user.token, json: body });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}
const post = (user: User, path: string, json?: unknown) =>
  api(path, { method: "POST", token: user.token, ...(json === undefined ? {} : { json }) });
const setRole = (user: User, id: string, target: string, role: string) =>
  api(`/v1/communities/${id}/members/${target}`, { method: "PUT", token: user.token, json: { role } });
async function community(user: User, id: string): Promise<Community> {
  const res = await api(`/v1/communities/${id}`, { token: user.token });
  expect(res.status).toBe(200);
  return (await res.json()) as Community;
}
const memberRow = (id: string, userId: string) =>
  env.DB.prepare(`SELECT role FROM community_members WHERE community_id = ? AND user_id = ?`)
    .bind(id, userId)
    .first<{ role: string }>();

describe("communities", () => {
  it("makes the creator owner and shows a Korean title with everyone's own role", async () => {
    const [owner, other] = [await newUser(), await newUser()];
    const id = await createCommunity(owner, { title: "새벽 러닝 클럽", description: "매일 아침 5km" });
    expect(await community(owner, id)).toMatchObject({
      title: "새벽 러닝 클럽",
      description: "매일 아침 5km",
      ownerId: owner.id,
      proOnly: false,
      memberCount: 1,
      myRole: "owner",
    });
    expect(await community(other, id)).toMatchObject({ myRole: null, memberCount: 1 });
  });

  it("lists communities newest first with a cursor that neither repeats nor skips", async () => {
    const user = await newUser();
    const ids: string[] = [];
    for (const n of [1, 2, 3]) ids.push(await createCommunity(user, { title: `목록 ${n}` }));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await api(`/v1/communities?limit=2${cursor ? `&cursor=${cursor}` : ""}`, { token: user.token });
      const page = (await res.json()) as { items: Community[]; nextCursor: string | null };
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor && !ids.every((id) => seen.includes(id)));
    const mine = seen.filter((id) => ids.includes(id));
    expect(mine).toEqual([...ids].reverse());
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("refuses bad input with 400 and writes nothing", async () => {
    const user = await newUser();
    for (const body of [{ title: "" }, { title: "   " }, { title: "x".repeat(121) }, { title: "a", extra: 1 }, {}])
      await expectProblem(await post(user, "/v1/communities", body), 400);
    await expectProblem(await api("/v1/communities?cursor=nope", { token: user.token }), 400);
    const row = await env.DB.prepare(`SELECT count(*) AS n FROM communities WHERE owner_id = ?`)
      .bind(user.id)
      .first<{ n: number }>();
    expect(row!.n).toBe(0);
  });

  it("answers 404 for an unknown community", async () => {
    const user = await newUser();
    await expectProblem(await api("/v1/communities/no-such-community", { token: user.token }), 404);
    await expectProblem(await post(user, "/v1/communities/no-such-community/join"), 404);
  });

  it("keeps member_count exact under concurrent and repeated joins", async () => {
    const owner = await newUser();
    const id = await createCommunity(owner, { title: "동시 가입" });
    const joiners = await Promise.all(Array.from({ length: 8 }, () => newUser()));
    const results = await Promise.all(
      [...joiners, ...joiners.slice(0, 3)].map((u) => post(u, `/v1/communities/${id}/join`)),
    );
    expect(results.map((r) => r.status)).toEqual(new Array(11).fill(200));
    expect((await community(owner, id)).memberCount).toBe(9);
    await post(joiners[0]!, `/v1/communities/${id}/leave`);
    await post(joiners[0]!, `/v1/communities/${id}/leave`);
    expect((await community(owner, id)).memberCount).toBe(8);
  });
});

describe("roles", () => {
  async function setUp() {
    const [owner, moderator, member, outsider] = [await newUser(), await newUser(), await newUser(), await newUser()];
    const id = await createCommunity(owner, { title: "역할 테스트" });
    for (const u of [moderator, member]) expect((await post(u, `/v1/communities/${id}/join`)).status).toBe(200);
    return { id, owner, moderator, member, outsider };
  }

  it("lets the owner promote a member to moderator and demote them again", async () => {
    const { id, owner, moderator } = await setUp();
    const res = await setRole(owner, id, moderator.id, "moderator");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ userId: moderator.id, role: "moderator" });
    expect((await community(moderator, id)).myRole).toBe("moderator");
    expect((await setRole(owner, id, moderator.id, "member")).status).toBe(200);
    expect((await memberRow(id, moderator.id))!.role).toBe("member");
  });

  it("lets a moderator remove a member but not the owner or another moderator", async () => {
    const { id, owner, moderator, member } = await setUp();
    const second = await newUser();
    await post(second, `/v1/communities/${id}/join`);
    await setRole(owner, id, moderator.id, "moderator");
    await setRole(owner, id, second.id, "moderator");
    await expectProblem(await setRole(moderator, id, owner.id, "removed"), 403);
    await expectProblem(await setRole(moderator, id, second.id, "removed"), 403);
    await expectProblem(await setRole(moderator, id, member.id, "moderator"), 403);
    const res = await setRole(moderator, id, member.id, "removed");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ userId: member.id, role: null });
    expect(await memberRow(id, member.id)).toBeNull();
    expect((await community(owner, id)).memberCount).toBe(3);
  });

  it("refuses members and outsiders with 403 and a non-member target with 404", async () => {
    const { id, owner, moderator, member, outsider } = await setUp();
    await expectProblem(await setRole(member, id, moderator.id, "removed"), 403);
    await expectProblem(await setRole(member, id, member.id, "moderator"), 403);
    await expectProblem(await setRole(outsider, id, member.id, "removed"), 403);
    await expectProblem(await setRole(owner, id, outsider.id, "moderator"), 404);
    expect((await memberRow(id, moderator.id))!.role).toBe("member");
    await expectProblem(await setRole(owner, id, member.id, "owner"), 400);
  });

  it("does not let the last owner leave or demote themselves", async () => {
    const { id, owner, member } = await setUp();
    await expectProblem(await post(owner, `/v1/communities/${id}/leave`), 422);
    await expectProblem(await setRole(owner, id, owner.id, "member"), 422);
    expect((await memberRow(id, owner.id))!.role).toBe("owner");
    const left = await post(member, `/v1/communities/${id}/leave`);
    expect(left.status).toBe(200);
    expect(await left.json()).toMatchObject({ myRole: null, memberCount: 2 });
  });
});

describe("Pro-only communities", () => {
  it("need Pro to create: 402 with upgrade and the limit's name", async () => {
    const free = await newUser();
    const problem = await expectProblem(
      await post(free, "/v1/communities", { title: "프로 전용", proOnly: true }),
      402,
    );
    expect(problem).toMatchObject({ upgrade: true, limit: "pro_communities" });
    const pro = await newUser();
    await setTier(pro.id, "pro");
    const id = await createCommunity(pro, { title: "프로 전용", proOnly: true });
    expect(await community(free, id)).toMatchObject({ proOnly: true, myRole: null });
  });

  it("are listed for Free members, who get 402 on joining while Pro members join", async () => {
    const [pro, free, otherPro] = [await newUser(), await newUser(), await newUser()];
    await setTier(pro.id, "pro");
    await setTier(otherPro.id, "pro");
    const id = await createCommunity(pro, { title: "프로 라운지", proOnly: true });
    const list = (await (await api("/v1/communities?limit=100", { token: free.token })).json()) as {
      items: Community[];
    };
    expect(list.items.find((c) => c.id === id)).toMatchObject({ proOnly: true, myRole: null });
    const refused = await expectProblem(await post(free, `/v1/communities/${id}/join`), 402);
    expect(refused).toMatchObject({ upgrade: true, limit: "pro_communities" });
    expect(await memberRow(id, free.id)).toBeNull();
    expect((await post(otherPro, `/v1/communities/${id}/join`)).status).toBe(200);
    expect((await community(pro, id)).memberCount).toBe(2);
  });

  it("refuse a Free member where the data is written, even past the route's check", async () => {
    const [pro, free] = [await newUser(), await newUser()];
    await setTier(pro.id, "pro");
    const id = await createCommunity(pro, { title: "데이터 수준", proOnly: true });
    await addMember(env, id, free.id, Date.now());
    expect(await memberRow(id, free.id)).toBeNull();
    expect((await community(pro, id)).memberCount).toBe(1);
  });

  it("gate the challenges of a member who was downgraded", async () => {
    const [pro, member] = [await newUser(), await newUser()];
    await setTier(pro.id, "pro");
    await setTier(member.id, "pro");
    const id = await createCommunity(pro, { title: "강등 테스트", proOnly: true });
    expect((await post(member, `/v1/communities/${id}/join`)).status).toBe(200);
    expect((await api(`/v1/communities/${id}/challenges`, { token: member.token })).status).toBe(200);
    await setTier(member.id, "free");
    const problem = await expectProblem(await api(`/v1/communities/${id}/challenges`, { token: member.token }), 402);
    expect(problem).toMatchObject({ upgrade: true });
  });
});
