/**
 * What the page knows of the life-log contract (schemas/lifelog.ts). The ten categories come in the
 * API's order, each with a colour from Paul Tol's "muted" scheme, which stays distinguishable under the
 * common colour-vision deficiencies. Colour is never the only cue: every block and cell also names its
 * category in words.
 */
export const CATEGORIES = [
  "work",
  "study",
  "exercise",
  "commute",
  "social",
  "rest",
  "sleep",
  "leisure",
  "chores",
  "other",
];

export const SOURCES = ["screen_time", "location", "calendar", "health", "manual"];

/** `ink` is the text colour that keeps at least 4.5:1 contrast on `fill`. */
export const PALETTE = {
  work: { fill: "#332288", ink: "#ffffff" },
  study: { fill: "#88ccee", ink: "#000000" },
  exercise: { fill: "#117733", ink: "#ffffff" },
  commute: { fill: "#ddcc77", ink: "#000000" },
  social: { fill: "#cc6677", ink: "#000000" },
  rest: { fill: "#44aa99", ink: "#000000" },
  sleep: { fill: "#882255", ink: "#ffffff" },
  leisure: { fill: "#aa4499", ink: "#ffffff" },
  chores: { fill: "#999933", ink: "#000000" },
  other: { fill: "#dddddd", ink: "#000000" },
};

export const categoryKey = (category) => `lifelog.category.${category}`;
export const sourceKey = (source) => `lifelog.source.${source}`;
