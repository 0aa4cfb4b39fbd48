import { createRoute, z } from "@hono/zod-openapi";
import { authedErrors, json, jsonBody, notFound, paymentRequired, readErrors } from "../../schemas/common";
import {
  ActivityBatchSchema,
  ActivityResultSchema,
  DeviceCreateSchema,
  DeviceIdSchema,
  DeviceSchema,
  EntryFeedbackSchema,
  EntryIdSchema,
  PrivacySchema,
  PrivacyUpdateSchema,
  TimelineEntrySchema,
  TimelineQuerySchema,
  TimelineSchema,
  WeekQuerySchema,
  WeekSchema,
} from "../../schemas/lifelog";
import { NotFoundError } from "../errors";
import { readTimeline, readWeek, updatePrivacy } from "../services/lifelog";
import { createRouter, lifelogActor, userOf } from "./types";

const tags = ["Life-log"];

const addDevice = createRoute({
  method: "post",
  path: "/devices",
  tags,
  summary: "Connect a device and the sources it sends",
  request: jsonBody(DeviceCreateSchema),
  responses: { 201: json(DeviceSchema, "The device (its `id` goes in each event's `deviceId`)"), ...authedErrors },
});

const listDevices = createRoute({
  method: "get",
  path: "/devices",
  tags,
  summary: "Your devices, newest first, each with when it last sent an accepted event",
  responses: { 200: json(z.object({ items: z.array(DeviceSchema) }), "Every device you connected"), ...readErrors },
});

const removeDevice = createRoute({
  method: "delete",
  path: "/devices/{id}",
  tags,
  summary: "Disconnect a device (what it sent stays; events naming it are rejected from now on)",
  request: { params: z.object({ id: DeviceIdSchema }) },
  responses: { 204: { description: "Disconnected" }, ...readErrors, ...notFound },
});

const getPrivacy = createRoute({
  method: "get",
  path: "/me/privacy",
  tags,
  summary: "Consent per source (all on until you turn one off) and who may see your life-log",
  responses: { 200: json(PrivacySchema, "Your privacy settings"), ...readErrors },
});

const putPrivacy = createRoute({
  method: "put",
  path: "/me/privacy",
  tags,
  summary: "Change consent per source and your visibility",
  description:
    "A source turned off rejects its events from then on (reason `consent`) and keeps what was stored. " +
    "`private` keeps you out of every insight and match; `stats_only` counts you in anonymous, noisy " +
    "insights; `anonymized_timeline` also lets people with similar rhythms find you by your public labels.",
  request: jsonBody(PrivacyUpdateSchema),
  responses: { 200: json(PrivacySchema, "The settings now"), ...authedErrors },
});

const ingest = createRoute({
  method: "post",
  path: "/activity",
  tags,
  summary: "Send up to 500 life-log events",
  description:
    "Idempotent on `eventId`: a replay counts in `duplicates`. Late and out-of-order events are fine. Events from a " +
    "source you turned off, from an unknown device or a source the device does not send are rejected one by one. " +
    "Location places are sealed with your own key before they are stored or sent anywhere.",
  request: jsonBody(ActivityBatchSchema),
  responses: { 202: json(ActivityResultSchema, "Accepted"), ...authedErrors },
});

const timeline = createRoute({
  method: "get",
  path: "/timeline",
  tags,
  summary: "A day of classified blocks in your time zone (23 or 25 hours on days the clocks change)",
  description:
    "Free shows no day older than 30 days in `tz` (today and the 30 days before it); an older day answers 402 " +
    "(`limit: history_days`). " +
    "Nothing is deleted: after an upgrade (or back from a downgrade) every day is there again.",
  request: { query: TimelineQuerySchema },
  responses: {
    200: json(TimelineSchema, "The day's blocks, overlaps merged"),
    ...readErrors,
    ...paymentRequired,
  },
});

const week = createRoute({
  method: "get",
  path: "/timeline/week",
  tags,
  summary: "Minutes per category for seven days from `start`",
  description:
    "Always seven days. On Free, a day older than 30 days (in `tz`) comes back with " +
    "zero minutes and `hidden: true` (kept, not deleted; Pro shows it); a week wholly older answers 402 " +
    "(`limit: history_days`).",
  request: { query: WeekQuerySchema },
  responses: { 200: json(WeekSchema, "Seven days"), ...readErrors, ...paymentRequired },
});

const feedback = createRoute({
  method: "post",
  path: "/timeline/{entryId}/feedback",
  tags,
  summary: "Correct a block's category; future blocks of the same pattern follow it",
  description:
    "The block takes the category at once. The pattern (app, place, calendar words, time of day) is remembered, " +
    "so events like it are classified your way from now on. Days older than the hot window (30 days) are read-only.",
  request: { params: z.object({ entryId: EntryIdSchema }), ...jsonBody(EntryFeedbackSchema) },
  responses: { 200: json(TimelineEntrySchema, "The corrected block"), ...authedErrors, ...notFound },
});

export const lifelogRoutes = createRouter()
  .openapi(addDevice, async (c) => c.json(await lifelogActor(c).addDevice(userOf(c).id, c.req.valid("json")), 201))
  .openapi(listDevices, async (c) => c.json({ items: await lifelogActor(c).devices() }, 200))
  .openapi(removeDevice, async (c) => {
    const { id } = c.req.valid("param");
    if (!(await lifelogActor(c).removeDevice(id))) throw new NotFoundError(`no device ${id}`);
    return c.body(null, 204);
  })
  .openapi(getPrivacy, async (c) => c.json(await lifelogActor(c).privacy(), 200))
  .openapi(putPrivacy, async (c) => c.json(await updatePrivacy(c.env, userOf(c).id, c.req.valid("json")), 200))
  .openapi(ingest, async (c) => c.json(await lifelogActor(c).ingest(userOf(c).id, c.req.valid("json").events), 202))
  .openapi(timeline, async (c) => {
    const { day, tz } = c.req.valid("query");
    return c.json(await readTimeline(c.env, userOf(c).id, day, tz), 200);
  })
  .openapi(week, async (c) => {
    const { start, tz } = c.req.valid("query");
    return c.json(await readWeek(c.env, userOf(c).id, start, tz), 200);
  })
  .openapi(feedback, async (c) => {
    const { entryId } = c.req.valid("param");
    const entry = await lifelogActor(c).correct(userOf(c).id, entryId, c.req.valid("json"));
    if (!entry) throw new NotFoundError(`no timeline entry ${entryId} (or its day is archived)`);
    return c.json(entry, 200);
  });
