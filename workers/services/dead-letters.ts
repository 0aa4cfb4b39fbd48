import { readTaskMessage } from "../../schemas/tasks";
import type { AppEnv } from "../env";
import { NotFoundError, RuleViolationError } from "../errors";
import { createBus } from "../ports/bus";
import { deleteDeadLetter, findDeadLetter, saveDeadLetters } from "../ports/db/dead-letters";

/**
 * Puts a dead letter back on the task queue once. Deleting the row is the claim: of any number of
 * concurrent redrives of one id exactly one deletes it and sends the message, the others find it gone
 * (404). A send that fails puts the row back, so a dead letter is never forgotten without being sent.
 */
export async function redriveDeadLetter(env: AppEnv, id: string): Promise<void> {
  const row = await findDeadLetter(env, id);
  if (!row) throw new NotFoundError(`no dead letter ${id}`);
  const message = readTaskMessage(JSON.parse(row.body));
  if (!message.success)
    throw new RuleViolationError(
      `dead letter ${id} (${row.reason ?? "no reason"}) is not a task message: ${message.reason}`,
    );
  if (!(await deleteDeadLetter(env, id))) throw new NotFoundError(`no dead letter ${id}: it was just redriven`);
  try {
    await createBus(env).send(message.data);
  } catch (error) {
    await saveDeadLetters(env, [row]);
    throw error;
  }
}
