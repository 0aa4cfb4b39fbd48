import { createRoute } from "@hono/zod-openapi";
import { problem } from "../../schemas/common";
import { ConfigError } from "../errors";
import { createRouter } from "./types";

const widgetScript = createRoute({
  method: "get",
  path: "/widget.js",
  tags: ["Coaching"],
  summary: "The embeddable coaching widget: one <script async> tag; the host page hands the token by postMessage",
  description:
    "A classic script (no modules, no external assets) that renders a chat button and panel in a shadow root. " +
    'The host page posts `{type: "edge-coach:token", token, leadershipType?, locale?}` to its own window; the ' +
    "widget accepts it only from origins in `WIDGET_ALLOWED_ORIGINS` and announces itself with " +
    '`{type: "edge-coach:ready"}` so a page that signed in before the script loaded can send the token again.',
  security: [],
  responses: {
    200: {
      description: "The widget, prefixed with its configuration",
      content: { "application/javascript": { schema: { type: "string" } } },
    },
    503: problem("A part of the widget is missing from the static assets (`npm install` vendors them)"),
  },
});

/** `WIDGET_ALLOWED_ORIGINS` as a list: `["*"]`, or the exact origins it names. */
export function allowedOrigins(raw: string): string[] {
  if (raw.trim() === "*") return ["*"];
  return raw
    .split(",")
    .map((o) => o.trim())
    .filter(Boolean);
}

/** Comments and runs of whitespace out: the stylesheet travels inside the script as a string. */
export const minifyCss = (css: string) =>
  css
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/\s+/g, " ")
    .replace(/\s*([{};,>])\s*/g, "$1")
    .trim();

async function asset(c: { env: { ASSETS: Fetcher }; req: { url: string } }, path: string): Promise<string> {
  const res = await c.env.ASSETS.fetch(new URL(path, c.req.url));
  if (!res.ok) {
    throw new ConfigError(
      `the widget's part ${path} is missing from the static assets (answered ${res.status}); npm install's postinstall vendors it`,
    );
  }
  return res.text();
}

/**
 * The widget's parts, concatenated in this order inside one strict-mode IIFE (no build step). The SSE
 * parser is eventsource-parser, made a script part at install by scripts/vendor-assets.mjs.
 */
const PARTS = [
  "/vendor/eventsource-parser/widget-part.js",
  ...["strings.js", "sse.js", "view.js", "widget.js", "turns.js", "mount.js"].map((part) => `/widget/${part}`),
] as const;

/**
 * Served by the Worker rather than as a plain asset so the script carries its deployment's settings.
 * One IIFE keeps every declaration out of the host page's globals; strict mode stops block-level
 * functions from leaking there too.
 */
export const widget = createRouter();
widget.openAPIRegistry.registerPath(widgetScript);
widget.get("/widget.js", async (c) => {
  const [styles, ...parts] = await Promise.all([
    asset(c, "/widget/widget.css"),
    ...PARTS.map((part) => asset(c, part)),
  ]);
  const config = {
    apiBase: new URL(c.req.url).origin,
    allowedOrigins: allowedOrigins(c.get("config").WIDGET_ALLOWED_ORIGINS),
  };
  const body =
    `/*! Edge Coach widget */\n(function () {\n"use strict";\n` +
    `const EDGE_COACH_CONFIG = ${JSON.stringify(config)};\n` +
    `const EDGE_COACH_STYLES = ${JSON.stringify(minifyCss(styles))};\n` +
    `${parts.join("\n")}\n})();\n`;
  return c.body(body, 200, {
    "Content-Type": "application/javascript; charset=utf-8",
    "Cache-Control": "public, max-age=300",
    "X-Content-Type-Options": "nosniff",
  });
});
