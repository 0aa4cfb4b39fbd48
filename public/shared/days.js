// Calendar days as "YYYY-MM-DD" strings, the form the API takes and gives.

/** Today's calendar day in `timeZone` (en-CA formats dates that way). */
export const todayIn = (timeZone, now = new Date()) =>
  new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);

export function addDays(day, days) {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
