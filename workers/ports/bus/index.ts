import { TaskMessageSchema, type TaskMessage } from "../../../schemas/tasks";

/** The task bus: messages are validated before they leave, so consumers only see the schema. */
export interface Bus {
  send(message: TaskMessage, options?: { delaySeconds?: number }): Promise<void>;
  sendBatch(messages: TaskMessage[]): Promise<void>;
}

// Queues accept at most 100 messages per sendBatch call.
const QUEUE_BATCH_LIMIT = 100;

export class QueueBus implements Bus {
  constructor(private readonly queue: Queue) {}

  async send(message: TaskMessage, options: { delaySeconds?: number } = {}): Promise<void> {
    await this.queue.send(TaskMessageSchema.parse(message), { contentType: "json", ...options });
  }

  async sendBatch(messages: TaskMessage[]): Promise<void> {
    const bodies = messages.map((m) => ({ body: TaskMessageSchema.parse(m), contentType: "json" as const }));
    for (let i = 0; i < bodies.length; i += QUEUE_BATCH_LIMIT) {
      await this.queue.sendBatch(bodies.slice(i, i + QUEUE_BATCH_LIMIT));
    }
  }
}

export const createBus = (env: { TASKS: Queue }) => new QueueBus(env.TASKS);
