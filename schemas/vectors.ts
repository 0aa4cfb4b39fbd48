import { z } from "zod";

/** The vector index's namespaces, shared by the actors and services that read and write them. */
export const ITEMS_NAMESPACE = "items";
export const KNOWLEDGE_NAMESPACE = "knowledge";

export const MetadataValueSchema = z.union([z.string(), z.number(), z.boolean()]);
export const VectorMetadataSchema = z.record(z.string(), MetadataValueSchema);
export type VectorMetadata = z.infer<typeof VectorMetadataSchema>;

export const VectorRecordSchema = z.object({
  id: z.string().min(1).max(64),
  values: z.array(z.number().finite()).min(1).max(4096),
  metadata: VectorMetadataSchema.default({}),
});
export type VectorRecord = z.input<typeof VectorRecordSchema>;

const Scalar = MetadataValueSchema;
const OperatorSchema = z
  .object({
    $eq: Scalar,
    $ne: Scalar,
    $in: z.array(Scalar),
    $nin: z.array(Scalar),
    $lt: z.union([z.number(), z.string()]),
    $lte: z.union([z.number(), z.string()]),
    $gt: z.union([z.number(), z.string()]),
    $gte: z.union([z.number(), z.string()]),
  })
  .partial();

/** Vectorize's metadata filter language: a field maps to a value (implicit $eq) or operators (AND). */
export const VectorFilterSchema = z.record(z.string(), z.union([Scalar, OperatorSchema]));
export type VectorFilter = z.infer<typeof VectorFilterSchema>;

export const VectorQuerySchema = z.object({
  topK: z.number().int().min(1).max(1000).default(10),
  filter: VectorFilterSchema.optional(),
  returnValues: z.boolean().default(false),
  /** Ids never to return (e.g. what the user already has): the topK places go to the rest. */
  excludeIds: z.array(z.string()).optional(),
});
export type VectorQuery = z.input<typeof VectorQuerySchema>;

/** `values` (when asked for) travel as a Float32Array: RPC copies one buffer instead of a number per element. */
export type VectorMatch = { id: string; score: number; metadata: VectorMetadata; values?: Float32Array };

/** A stored vector as read back by id. */
export type StoredRecord = { id: string; values: Float32Array; metadata: VectorMetadata };
