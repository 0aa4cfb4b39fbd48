import type { Category, Source } from "../../../schemas/lifelog";

/** Why an event or block has its category (see ClassifiedBySchema). */
export type ClassifiedBy = "correction" | "learned" | "baseline";

/** An event as the timeline merges it: times in epoch ms, already classified. */
export type ClassifiedEvent = {
  eventId: string;
  source: Source;
  start: number;
  end: number;
  category: Category;
  confidence: number;
  classifiedBy: ClassifiedBy;
  /** The decrypted place of a location event; null for other sources. */
  place: string | null;
};

/** One block of a day's timeline, clipped to the day. */
export type Block = {
  id: string;
  start: number;
  end: number;
  category: Category;
  confidence: number;
  source: Source;
  sourceEventIds: string[];
  geo: { place: string | null };
  classifiedBy: ClassifiedBy;
};

/** What the classifier looks at: the pattern a correction teaches and a later event is matched on. */
export type Pattern = {
  source: Source;
  /** Lower-cased app name (screen_time). */
  app?: string;
  appCategory?: string;
  /** Lower-cased place label (location). */
  place?: string;
  /** Normalised calendar title words, particles stripped from Korean words. */
  words?: string[];
  healthKind?: "steps" | "sleep" | "workout";
  /** The local hour band the event starts in: night 0–5, morning 6–11, afternoon 12–17, evening 18–23. */
  hourBand: "night" | "morning" | "afternoon" | "evening";
};
