/**
 * A community's challenges with the reader's own progress, and the leaderboard of the one chosen:
 * rank, member, value and whether they reached the target. Re-rendered from what was read when the
 * language changes, since dates and units are formatted, not just looked up.
 */
import { categoryKey } from "../lifelog/contract.js";
import { currentLocale, formatNumber, t, translate } from "../shared/i18n.js";
import { clearProblem, h } from "../shared/ui.js";
import { showFailure } from "./upgrade.js";

const $ = (id) => document.getElementById(id);
const LEADERBOARD_PAGE = 50;

export function createChallenges({ call, communityId, me }) {
  let challenges = [];
  let board = null; // {challenge, entries, cursor}
  // a join or leave resets the card while reads are in flight: their answers are for the old state
  let generation = 0;

  window.addEventListener("langchange", () => {
    draw();
    drawBoard();
  });
  $("leaderboard-more").addEventListener("click", () => board && openBoard(board.challenge, board.cursor));

  async function load() {
    const mine = generation;
    const card = $("challenges-card");
    card.setAttribute("aria-busy", "true");
    try {
      const page = await call(`/v1/communities/${encodeURIComponent(communityId())}/challenges?limit=50`, {
        fresh: true,
      });
      if (mine !== generation) return;
      challenges = page.items;
      clearProblem($("challenges-problem"));
      draw();
      if (!board && challenges.length) await openBoard(challenges[0]);
    } catch (error) {
      if (mine === generation) showFailure($("challenges-problem"), error);
    } finally {
      card.setAttribute("aria-busy", "false");
    }
  }

  function draw() {
    $("challenges").replaceChildren(...challenges.map(item));
    $("challenges-empty").hidden = challenges.length > 0;
    translate($("challenges-card"));
  }

  function item(challenge) {
    const progress = challenge.myProgress;
    const share = progress ? Math.min(1, progress.value / challenge.target) : 0;
    const reached = Boolean(progress?.reachedAt);
    return h(
      "li",
      { class: "challenge", "data-challenge-id": challenge.id, "data-status": challenge.status },
      h(
        "div",
        { class: "challenge-head" },
        h("h3", {}, challenge.title),
        h("span", { class: "badge", i18n: `social.challenge.status.${challenge.status}` }),
      ),
      h(
        "p",
        { class: "muted" },
        metricText(challenge.metric),
        " · ",
        t("social.challenge.target", { target: amount(challenge.metric, challenge.target) }),
      ),
      h("p", { class: "hint" }, windowText(challenge)),
      progress
        ? h(
            "div",
            { class: "my-progress", "data-reached": String(reached) },
            h("progress", { max: "1", value: String(share), "aria-hidden": "true" }),
            h(
              "span",
              {},
              t("social.challenge.mine", {
                value: amount(challenge.metric, progress.value),
                target: amount(challenge.metric, challenge.target),
              }),
              reached ? ` ✓ ${t("social.challenge.reached")}` : "",
            ),
          )
        : h("p", { class: "hint", i18n: "social.challenge.notMember" }),
      h(
        "button",
        {
          type: "button",
          class: "small show-board",
          "aria-pressed": String(board?.challenge.id === challenge.id),
          onclick: () => openBoard(challenge),
        },
        t("social.challenge.leaderboard"),
      ),
    );
  }

  async function openBoard(challenge, after = null) {
    const mine = generation;
    try {
      const query = new URLSearchParams({ limit: String(LEADERBOARD_PAGE) });
      if (after) query.set("cursor", after);
      const page = await call(
        `/v1/communities/${encodeURIComponent(communityId())}/challenges/${encodeURIComponent(challenge.id)}/leaderboard?${query}`,
        { fresh: true },
      );
      if (mine !== generation) return;
      const entries = after && board?.challenge.id === challenge.id ? [...board.entries, ...page.items] : page.items;
      board = { challenge, entries, cursor: page.nextCursor };
      clearProblem($("leaderboard-problem"));
    } catch (error) {
      if (mine !== generation) return;
      board = { challenge, entries: [], cursor: null };
      showFailure($("leaderboard-problem"), error);
    }
    $("leaderboard-card").hidden = false;
    draw();
    drawBoard();
  }

  function drawBoard() {
    if (!board) return;
    const { challenge, entries, cursor } = board;
    $("leaderboard-title").textContent = t("social.leaderboard.title", { title: challenge.title });
    $("leaderboard")
      .querySelector("tbody")
      .replaceChildren(
        ...entries.map((entry) =>
          h(
            "tr",
            {
              "data-user": entry.userId,
              "data-reached": String(entry.reached),
              "aria-current": entry.userId === me() ? "true" : null,
            },
            h("td", { class: "rank" }, String(entry.rank)),
            h(
              "td",
              {},
              entry.userId,
              entry.userId === me() ? h("span", { class: "muted" }, ` (${t("social.you")})`) : null,
            ),
            h("td", { class: "value" }, amount(challenge.metric, entry.value)),
            h(
              "td",
              { class: "reached" },
              entry.reached
                ? h(
                    "span",
                    { title: t("social.challenge.reached") },
                    "✓",
                    h("span", { class: "visually-hidden" }, t("social.challenge.reached")),
                  )
                : h("span", { class: "muted" }, "–"),
            ),
          ),
        ),
      );
    $("leaderboard-empty").hidden = entries.length > 0;
    $("leaderboard-more").hidden = !cursor;
    translate($("leaderboard-card"));
  }

  return {
    load,
    reset() {
      generation += 1;
      challenges = [];
      board = null;
      $("challenges").replaceChildren();
      $("leaderboard-card").hidden = true;
    },
  };
}

function metricText(metric) {
  if (metric.kind === "category_minutes_per_week")
    return t("social.metric.category_minutes_per_week", { category: t(categoryKey(metric.category)) });
  if (metric.kind === "sleep_before") return t("social.metric.sleep_before", { time: metric.time });
  return t(`social.metric.${metric.kind}`);
}

/** A metric's value in its unit: minutes for a category's time, days otherwise. */
function amount(metric, value) {
  const unit = metric.kind === "category_minutes_per_week" ? "social.unit.minutes" : "social.unit.days";
  return t(unit, { value: formatNumber(value, 0) });
}

function windowText(challenge) {
  const format = new Intl.DateTimeFormat(currentLocale(), { dateStyle: "medium" });
  const [start, end] = [challenge.startAt, challenge.endAt].map((iso) => new Date(iso));
  return t("social.challenge.window", { range: format.formatRange(start, end) });
}
