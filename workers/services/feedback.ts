import { FeedbackContentSchema } from "../../schemas/retrospects";
import { buildFeedbackPrompt, moodNote, recurringNote } from "../domain/retro-prompt";
import { hasHangul } from "../domain/text";
import { configOf, type AppEnv } from "../env";
import { AppError } from "../errors";
import {
  completeFeedback,
  failFeedback,
  findRetrospectById,
  retrospectsBefore,
  toRetrospect,
} from "../ports/db/retrospects";
import { createLlm } from "../ports/llm";

const CONTEXT_ENTRIES = 5;

/**
 * Feedback for one retrospective, at most once: a redelivered message finds it no longer pending
 * and stops before calling the model; two racing deliveries both may call it, but only the first
 * write lands and only that one pushes `feedback.ready`. When every provider fails, the entry is
 * marked failed with the reason (retrying the message would not help; the user can retry later).
 */
export async function produceFeedback(env: AppEnv, retrospectId: string): Promise<"done" | "skipped" | "failed"> {
  const row = await findRetrospectById(env, retrospectId);
  if (!row || row.feedbackStatus !== "pending") return "skipped";
  const before = await retrospectsBefore(env, row, CONTEXT_ENTRIES);
  const past = before.map((r) => {
    const f = toRetrospect(r).feedback;
    return {
      date: r.createdAt.toISOString().slice(0, 10),
      purpose: r.purpose,
      summary: f.summary,
      weaknesses: f.weaknesses,
    };
  });
  const actor = env.USER_ACTOR.get(env.USER_ACTOR.idFromName(row.userId));
  try {
    const result = await createLlm(env, configOf(env)).structured(FeedbackContentSchema, {
      messages: buildFeedbackPrompt(row, past),
    });
    // the offline provider reads only the entry, so mood and the memory of past entries are added here
    const ko = hasHangul(row.purpose + row.content);
    const notes = result.offline ? [recurringNote(row, before, ko), moodNote(row.mood, ko)].filter(Boolean) : [];
    const feedback = notes.length
      ? { ...result.value, summary: [result.value.summary, ...notes].join(" ").slice(0, 2000) }
      : result.value;
    const stored = await completeFeedback(env, row.id, feedback, {
      provider: result.provider,
      model: result.model,
      offline: result.offline,
    });
    if (!stored) return "skipped";
    await actor.push("feedback.ready", {
      id: row.id,
      status: "ready",
      summary: feedback.summary,
      provider: result.provider,
    });
    return "done";
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (await failFeedback(env, row.id, error.message)) {
      await actor.push("feedback.ready", { id: row.id, status: "failed", reason: error.message });
    }
    return "failed";
  }
}
