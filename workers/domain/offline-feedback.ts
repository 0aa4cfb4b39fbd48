import { OFFLINE_LABEL, cueScore } from "./cue-words";
import { withJosa } from "./josa";
import { contentWords, sentences } from "./text";

/**
 * How the offline provider reads a retrospective: each sentence is sorted once, by what it says, into
 * one section; a regret ("했으면 좋았을", "I should have") is always something to improve, never a
 * strength; weaknesses become next steps phrased from the sentence, not copied.
 */
export type Lang = "en" | "ko";
export type Kind = "strength" | "habit" | "weakness" | "action" | "neutral";
export type Sorted = Record<Kind, string[]> & { regrets: Set<string> };

/** A contrast ("but", "하지만", "-지만") hands the sentence to its last clause. */
const CONTRAST = /\b(?:but|however|though|although|yet)\b|하지만|그러나|그런데|그래도|지만/gi;

function lastClause(sentence: string): string {
  const parts = sentence.split(CONTRAST);
  const tail = parts[parts.length - 1]!.trim();
  return tail.length > 0 ? tail : sentence;
}

export function classify(sentence: string): Kind {
  if (cueScore(sentence, "regret") > 0) return "weakness";
  const clause = lastClause(sentence);
  const positive = cueScore(clause, "positive");
  // "문제를 해결했다" / "solved the problem": a problem that was solved is an achievement
  const solved = /해결|solved|fixed|resolved/i.test(clause) && /문제|problem|issue|bug/i.test(clause) ? 1 : 0;
  const negative = cueScore(clause, "negative") - solved;
  const action = cueScore(sentence, "action");
  if (action > 0 && action >= positive && action >= negative) return "action";
  if (negative > 0 && negative >= positive) return "weakness";
  if (cueScore(sentence, "habit") > 0) return "habit"; // a practice kept up, whether or not it says "well"
  if (positive > 0) return "strength";
  return "neutral";
}

export function sortSentences(text: string): Sorted {
  const out: Sorted = { strength: [], habit: [], weakness: [], action: [], neutral: [], regrets: new Set() };
  for (const s of new Set(sentences(text))) {
    out[classify(s)].push(s);
    if (cueScore(s, "regret") > 0) out.regrets.add(s);
  }
  return out;
}

const TAIL = /[\s.,!?;:…]+$/u;
const KO_LEAD = /^(?:하지만|그런데|그러나|다만|사실|솔직히|그리고|결국|이번에는|오늘은)\s*/;
const EN_LEAD = /^(?:but|however|and|so|still|honestly|sadly|unfortunately|in the end)\b,?\s*/i;
const EN_CUT = /\s*(?:[,;:–—]|\s-\s|\bbecause\b|\bso that\b|\bso\b|\bbut\b|\band then\b|\bwhich\b)\s*.*$/i;
const EN_TRAIL = /\s+(?:again|this week|today|yesterday|this time|at all)$/i;

/** First-person words of the writer become second person in advice addressed to them. */
const PRONOUNS: Record<string, string> = { i: "you", me: "you", my: "your", mine: "yours", myself: "yourself" };
const secondPerson = (text: string) => text.replace(/\b(i|me|my|mine|myself)\b/gi, (w) => PRONOUNS[w.toLowerCase()]!);

const IRREGULAR: Record<string, string> = Object.fromEntries(
  (
    "been:be done:do did:do gone:go went:go taken:take took:take given:give gave:give spoken:speak spoke:speak " +
    "written:write wrote:write told:tell said:say made:make had:have got:get gotten:get left:leave kept:keep " +
    "sent:send spent:spend built:build brought:bring thought:think known:know knew:know seen:see saw:see met:meet " +
    "slept:sleep begun:begin began:begin chosen:choose chose:choose paid:pay found:find held:hold led:lead " +
    "felt:feel taught:teach caught:catch bought:buy sold:sell understood:understand stood:stand shown:show " +
    "grown:grow driven:drive forgotten:forget forgot:forget heard:hear lost:lose won:win used:use broken:break " +
    "broke:break came:come come:come ran:run run:run set:set put:put read:read let:let stuck:stick"
  )
    .split(" ")
    .map((pair) => pair.split(":") as [string, string]),
);

/** The base form of an English past tense or participle ("asked" → "ask", "shared" → "share"). */
export function baseVerb(word: string): string {
  const w = word.toLowerCase();
  if (IRREGULAR[w]) return IRREGULAR[w];
  if (w.endsWith("ied")) return `${w.slice(0, -3)}y`;
  if (!w.endsWith("ed") || w.length < 5) return w;
  const base = w.slice(0, -2);
  if (/([bdgmnprt])\1$/.test(base)) return base.slice(0, -1); // planned, committed
  const silentE =
    /(?:[^aeiou][aiou][vzcg]|[^aeiou][auo]t|[^aeiou][aiu]r|[^aeiou][aio]k|[^aeiou][iau]d|[^aeiou]in|[^aeiou]ul|[^aeiou][aio]s|ais|[^aeiou]et|ang|rg|[lr]v)$/;
  return silentE.test(base) ? `${base}e` : base;
}

const koPlan = (act: string) => `다음에는 먼저 ${act}해 보세요.`;
const enPlan = (clause: string) => `Next time, ${clause}: make it the first item on your plan.`;

/** The word a weakness is about: Korean puts it last, before the predicate; English first, after the verb. */
function topicOf(sentence: string, lang: Lang): string | undefined {
  const candidates = contentWords(sentence).filter(
    (w) => cueScore(w.word, "negative") + cueScore(w.word, "regret") + cueScore(w.word, "habit") === 0,
  );
  return (lang === "ko" ? candidates.at(-1) : candidates[0])?.word;
}

function koreanStep(sentence: string): string | null {
  const s = sentence.replace(TAIL, "").replace(KO_LEAD, "");
  const wished = s.match(/^(.+?)(?:했|하였)(?:었)?(?:으면|더라면)/) ?? s.match(/^(.+?)(?:했|하였)어야\s*했/);
  if (wished) return koPlan(wished[1]!.trim());
  const couldNot = s.match(/^(.+?)하지\s*(?:못|않)/);
  if (couldNot) return koPlan(couldNot[1]!.trim());
  const notDone = s.match(/^(.+?[을를](?:\s*(?:제대로|충분히|끝까지))?)\s*못\s*했/);
  if (notDone) return `다음에는 먼저 ${notDone[1]!.trim()} 해 보세요.`;
  const missed = s.match(/^(.+?[을를])\s*놓(?:쳤|친)/);
  if (missed) return `다음에는 ${missed[1]!.trim()} 놓치지 않도록 먼저 일정에 적어 두세요.`;
  const topic = topicOf(s, "ko");
  return topic
    ? `다음에는 ${withJosa(`'${topic}'`, "을/를")} 위한 시간을 먼저 따로 잡아 두고, 다음 회고에 어땠는지 적어 보세요.`
    : null;
}

function englishStep(sentence: string): string | null {
  const s = sentence.replace(TAIL, "").replace(EN_LEAD, "");
  const clause = (text: string) => secondPerson(text.replace(EN_CUT, "").replace(EN_TRAIL, "").trim());
  const wished =
    s.match(/\b(?:should|could)(?:\s+have|'ve|’ve)\s+(\w+)\s*(.*)$/i) ?? s.match(/\bwish\s+i\s+had\s+(\w+)\s*(.*)$/i);
  if (wished) return enPlan(clause(`${baseVerb(wished[1]!)} ${wished[2]}`));
  const notDone = s.match(
    /\b(?:didn't|didn’t|did not|couldn't|couldn’t|could not|failed to|forgot to|wasn't able to|was not able to)\s+(.+)$/i,
  );
  if (notDone) return enPlan(clause(notDone[1]!));
  const missed = s.match(/\bmissed\s+(.+)$/i);
  if (missed) return `Next time, put ${clause(missed[1]!)} in your calendar first, so it cannot slip.`;
  const late = s.match(/^(?:i|we)\s+(\w+)\s+(.*?)\s*too late\b/i);
  if (late) return enPlan(clause(`${baseVerb(late[1]!)} ${late[2]} earlier`.replace(/\s+/g, " ")));
  const topic = topicOf(s, "en");
  return topic ? `Next time, give '${topic}' its own time first, and note in your next entry how it went.` : null;
}

/** A concrete next step phrased from a weakness, or null when the sentence gives nothing to build on. */
export function nextStep(sentence: string, lang: Lang): string | null {
  return lang === "ko" ? koreanStep(sentence) : englishStep(sentence);
}

/** Recommendations: the writer's own plans first, then steps from the weaknesses, regrets first. */
export function recommendations(sorted: Sorted, lang: Lang, max: number): string[] {
  const weaknesses = [...sorted.weakness].sort((a, b) => Number(sorted.regrets.has(b)) - Number(sorted.regrets.has(a)));
  const steps = weaknesses.map((w) => nextStep(w, lang)).filter((s): s is string => s !== null);
  return [...new Set([...sorted.action, ...steps])].slice(0, max);
}

/** The most repeated content word of a text, when one comes up at least twice. */
function topWord(text: string): string | undefined {
  const counts = new Map<string, { word: string; n: number }>();
  for (const { key, word } of contentWords(text)) counts.set(key, { word, n: (counts.get(key)?.n ?? 0) + 1 });
  const best = [...counts.values()].sort((a, b) => b.n - a.n)[0];
  return best && best.n >= 2 ? best.word : undefined;
}

export function summary(text: string, sorted: Sorted, lang: Lang): string {
  const good = sorted.strength.length + sorted.habit.length;
  const bad = sorted.weakness.length;
  const top = topWord(text);
  if (lang === "ko") {
    const counted =
      good + bad === 0
        ? "이번 회고에서는 잘된 점이나 아쉬운 점을 뚜렷하게 찾지 못했어요. 있었던 일 하나를 구체적으로 적어 주시면 더 자세히 볼 수 있어요."
        : good === 0
          ? `이번 회고에서 아쉬운 점 ${bad}가지를 찾았어요. 뚜렷한 강점 문장은 없었어요.`
          : bad === 0
            ? `이번 회고에서 잘된 점 ${good}가지를 찾았어요. 뚜렷한 아쉬운 점은 없었어요.`
            : `이번 회고에서 잘된 점 ${good}가지와 아쉬운 점 ${bad}가지를 찾았어요.`;
    return [OFFLINE_LABEL.ko, counted, top ? `${withJosa(`'${top}'`, "이/가")} 가장 자주 나왔어요.` : ""]
      .filter(Boolean)
      .join(" ");
  }
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const counted =
    good + bad === 0
      ? "No clear strength or weakness stood out in this entry; describe one thing that happened in detail for sharper feedback."
      : good === 0
        ? `This entry shows ${plural(bad, "thing", "things")} to improve and no clear strength.`
        : bad === 0
          ? `This entry shows ${plural(good, "strength", "strengths")} and no clear weakness.`
          : `This entry shows ${plural(good, "strength", "strengths")} and ${plural(bad, "thing", "things")} to improve.`;
  return [OFFLINE_LABEL.en, counted, top ? `'${top}' comes up most.` : ""].filter(Boolean).join(" ");
}
