import { stampVersion, type TaskMessage } from "../../../schemas/tasks";
import { utf8Length } from "../../domain/text";

/** The task bus: messages are validated and stamped with their schema version before they leave. */
export interface Bus {
  send(message: TaskMessage, options?: { delaySeconds?: number }): Promise<void>;
  sendBatch(messages: TaskMessage[]): Promise<void>;
}

// Queues accept at most 100 messages and 256 KB per sendBatch call.
const QUEUE_BATCH_LIMIT = 100;
const QUEUE_BATCH_BYTES = 250_000;

export class QueueBus implements Bus {
  constructor(private readonly queue: Queue) {}

  async send(message: TaskMessage, options: { delaySeconds?: number } = {}): Promise<void> {
    await this.queue.send(stampVersion(message), { contentType: "json", ...options });
  }

  async sendBatch(messages: TaskMessage[]): Promise<void> {
    let chunk: MessageSendRequest[] = [];
    let bytes = 0;
    for (const message of messages) {
      const body = stampVersion(message);
      const size = utf8Length(JSON.stringify(body));
      if (chunk.length === QUEUE_BATCH_LIMIT || (chunk.length > 0 && bytes + size > QUEUE_BATCH_BYTES)) {
        await this.queue.sendBatch(chunk);
        [chunk, bytes] = [[], 0];
      }
      chunk.push({ body, contentType: "json" });
      bytes += size;
    }
    if (chunk.length > 0) await this.queue.sendBatch(chunk);
  }
}

export const createBus = (env: { TASKS: Queue }) => new QueueBus(env.TASKS);
