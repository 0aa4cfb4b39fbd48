import type { FeedbackContent, ReportBody } from "../../schemas/retrospects";
import { isPlaceholder } from "./cue-words";
import type { PersonTotals } from "./lifelog/insights";
import { contentWords, terms } from "./text";

export type Entry = {
  content: string;
  mood: number | null;
  tags: string[];
  createdAt: number;
  feedback: FeedbackContent | null;
};

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * Themes are tags plus recurring content words (Korean nouns without their particles, "요청" not
 * "요청에"); counted once per entry so one long entry cannot dominate. The sentences the offline
 * provider writes for an empty section say nothing about the person and are skipped.
 */
export function themes(texts: string[][], limit = 5): { theme: string; count: number }[] {
  const counts = new Map<string, number>();
  // each English stem is shown as the word it appeared as most often ("meetings" and "meeting" → one)
  const surface = new Map<string, Map<string, number>>();
  for (const group of texts) {
    const pairs = group
      .filter((t) => !isPlaceholder(t))
      .flatMap((t) => contentWords(t))
      .map(({ key, word }) => ({ term: key, word }));
    for (const { term, word } of pairs) {
      const forms = surface.get(term) ?? new Map<string, number>();
      surface.set(term, forms.set(word, (forms.get(word) ?? 0) + 1));
    }
    for (const term of new Set(pairs.map((p) => p.term))) counts.set(term, (counts.get(term) ?? 0) + 1);
  }
  const label = (term: string) =>
    [...surface.get(term)!.entries()].sort(
      (a, b) => b[1] - a[1] || a[0].length - b[0].length || a[0].localeCompare(b[0]),
    )[0]![0];
  return [...counts.entries()]
    .filter(([, count]) => count > 1 || counts.size <= limit)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([term, count]) => ({ theme: label(term), count }));
}

/**
 * A recommendation counts as followed when a later entry talks about it (shares two content terms).
 * Takes the later entries' term sets, made once per entry, so a report's work grows with entries ×
 * recommendations, not with entries² × text length.
 */
export function followed(recommendation: string, laterTerms: ReadonlySet<string>[]): boolean {
  const wanted = new Set(terms(recommendation));
  return laterTerms.some((later) => {
    let shared = 0;
    for (const t of wanted) if (later.has(t) && ++shared >= 2) return true;
    return false;
  });
}

export function moodTrend(entries: Entry[]): ReportBody["moodTrend"] {
  const moods = entries
    .filter((e) => e.mood !== null)
    .sort((a, b) => a.createdAt - b.createdAt)
    .map((e) => e.mood!);
  if (moods.length === 0) return { average: null, first: null, last: null, direction: "unknown" };
  const half = Math.max(1, Math.floor(moods.length / 2));
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const [early, late] = [avg(moods.slice(0, half)), avg(moods.slice(-half))];
  const direction = moods.length < 2 ? "unknown" : late - early > 0.25 ? "up" : early - late > 0.25 ? "down" : "flat";
  return { average: round(avg(moods)), first: moods[0]!, last: moods[moods.length - 1]!, direction };
}

/**
 * The period's growth report, computed from its entries and their feedback; no model call needed.
 * `total` is the period's number of entries when `entries` are only its newest ones.
 */
export function buildReport(entries: Entry[], locale: "en" | "ko", total = entries.length): ReportBody {
  const sorted = [...entries].sort((a, b) => a.createdAt - b.createdAt);
  const contentTerms = sorted.map((e) => new Set(terms(e.content)));
  const withFeedback = sorted.filter((e) => e.feedback);
  const recurringStrengths = themes(withFeedback.map((e) => [...e.feedback!.strengths, ...e.feedback!.keepDoing]));
  const recurringWeaknesses = themes(withFeedback.map((e) => e.feedback!.weaknesses));
  const recommendations = sorted.flatMap((e, i) =>
    (e.feedback?.recommendations ?? [])
      .filter((text) => !isPlaceholder(text))
      .slice(0, 2)
      .map((text) => ({
        text,
        followed: followed(text, contentTerms.slice(i + 1)),
      })),
  );
  const focus = recurringWeaknesses[0]?.theme ?? recommendations.find((r) => !r.followed)?.text;
  // with nothing to work on, the report says so rather than dressing "nothing stood out" as advice
  const nextFocus =
    locale === "ko"
      ? focus
        ? `다음 기간에는 "${focus}"에 집중해 보세요.`
        : sorted.length > 0
          ? "이번 기간에는 되풀이되는 아쉬운 점이 없어 따로 권할 것이 없어요."
          : "이번 기간에는 회고가 없어 권할 것이 없어요."
      : focus
        ? `Next period, focus on "${focus}".`
        : sorted.length > 0
          ? "Nothing in this period calls for a change, so there is no recommendation this time."
          : "There were no retrospectives this period, so there is nothing to recommend.";
  return {
    entries: total,
    moodTrend: moodTrend(sorted),
    recurringStrengths,
    recurringWeaknesses,
    recommendations: recommendations.slice(0, 8),
    nextFocus,
  };
}

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/** Midnight UTC of the Monday on or before `ms`. */
const mondayOf = (ms: number) => {
  const day = Math.floor(ms / DAY_MS) * DAY_MS;
  return day - ((new Date(day).getUTCDay() + 6) % 7) * DAY_MS;
};

/** Entries and moods of one week, counted where they are stored (`weekStart`: midnight UTC of its Monday). */
export type WeekCount = { weekStart: number; entries: number; moodSum: number; moods: number };

/** The Monday (midnight UTC) of the week `day` is in: week buckets count from it. */
export const weekZero = (day: string) => mondayOf(Date.parse(`${day}T00:00:00Z`));
export { WEEK_MS };

/**
 * Weekly buckets (Monday-start, UTC) of entry counts and mood averages for the trends chart, from
 * counts the database made (so the work here is one step per week, not per entry). The number of
 * weeks is computed up front from the two days, so the loop cannot run away whatever they are;
 * callers bound the span (`MAX_STATS_DAYS`), which bounds the answer's size.
 */
export function weeklyStats(counts: WeekCount[], from: string, to: string) {
  const first = weekZero(from);
  const count = Math.floor((Date.parse(`${to}T00:00:00Z`) - first) / WEEK_MS) + 1;
  if (!Number.isFinite(count) || count <= 0) return [];
  const byWeek = new Map(counts.map((c) => [c.weekStart, c]));
  return Array.from({ length: count }, (_, i) => {
    const c = byWeek.get(first + i * WEEK_MS);
    return {
      week: new Date(first + i * WEEK_MS).toISOString().slice(0, 10),
      entries: c?.entries ?? 0,
      moodAverage: c && c.moods > 0 ? round(c.moodSum / c.moods) : null,
    };
  });
}

/** A report's life-log section: averages per logged day, whole minutes, categories with no time left out. */
export function periodActivity(totals: PersonTotals | null): NonNullable<ReportBody["activity"]> | null {
  if (!totals || totals.days < 1) return null;
  const minutesPerDay: Record<string, number> = {};
  for (const [category, minutes] of Object.entries(totals.minutes)) {
    const average = Math.round(minutes / totals.days);
    if (average > 0) minutesPerDay[category] = average;
  }
  return { days: totals.days, exerciseDays: totals.exerciseDays, minutesPerDay };
}
