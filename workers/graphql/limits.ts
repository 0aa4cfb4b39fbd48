import {
  getNamedType,
  GraphQLError,
  isInterfaceType,
  isObjectType,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  type FieldNode,
  type GraphQLField,
  type GraphQLNamedType,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from "graphql";

/** A list's page size when its `limit` is a variable (unknown while validating): the schemas' maximum. */
export const VARIABLE_LIMIT = 100;

type Measure = { depth: number; cost: number };

function fieldDef(
  context: ValidationContext,
  parent: GraphQLNamedType | undefined,
  name: string,
): GraphQLField<unknown, unknown> | undefined {
  if (name === "__typename") return TypeNameMetaFieldDef;
  if (parent === context.getSchema().getQueryType()) {
    if (name === "__schema") return SchemaMetaFieldDef;
    if (name === "__type") return TypeMetaFieldDef;
  }
  return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
}

/** How many items a field's list may hold: its `limit` argument as written, its default, or the maximum. */
function factorOf(node: FieldNode, def: GraphQLField<unknown, unknown> | undefined): number {
  const limitArg = def?.args.find((a) => a.name === "limit");
  if (!limitArg) return 1;
  const given = node.arguments?.find((a) => a.name.value === "limit")?.value;
  if (given?.kind === Kind.INT) return Math.max(1, Number(given.value));
  if (given?.kind === Kind.VARIABLE) return VARIABLE_LIMIT;
  return typeof limitArg.defaultValue === "number" ? limitArg.defaultValue : VARIABLE_LIMIT;
}

/**
 * Depth and cost of a selection set, per the schema's description: a field costs 1 (a top-level one
 * `rootCost`) and multiplies what is under it by its `limit`. A named fragment is measured once and reused (its cost scales linearly),
 * so a document that spreads fragments inside fragments costs linear time to measure, not exponential.
 */
function measurer(context: ValidationContext, rootCost: number) {
  const schema = context.getSchema();
  const roots = new Set([schema.getQueryType(), schema.getMutationType()].filter(Boolean));
  const fragments = new Map<string, Measure>();
  const measuring = new Set<string>();

  function measure(set: SelectionSetNode, parent: GraphQLNamedType | undefined): Measure {
    let depth = 0;
    let cost = 0;
    for (const selection of set.selections) {
      let inner: Measure;
      if (selection.kind === Kind.FIELD) {
        const def = fieldDef(context, parent, selection.name.value);
        const below = selection.selectionSet
          ? measure(selection.selectionSet, def ? getNamedType(def.type) : undefined)
          : { depth: 0, cost: 0 };
        const own = parent && roots.has(parent as never) && !selection.name.value.startsWith("__") ? rootCost : 1;
        inner = { depth: below.depth + 1, cost: own + factorOf(selection, def) * below.cost };
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? context.getSchema().getType(selection.typeCondition.name.value) : parent;
        inner = measure(selection.selectionSet, type);
      } else {
        inner = spread(selection.name.value);
      }
      depth = Math.max(depth, inner.depth);
      cost += inner.cost;
    }
    return { depth, cost };
  }

  function spread(name: string): Measure {
    const known = fragments.get(name);
    if (known) return known;
    const fragment = context.getFragment(name);
    // an unknown or cyclic fragment is reported by GraphQL's own rules; it adds nothing here
    if (!fragment || measuring.has(name)) return { depth: 0, cost: 0 };
    measuring.add(name);
    const result = measure(fragment.selectionSet, context.getSchema().getType(fragment.typeCondition.name.value));
    measuring.delete(name);
    fragments.set(name, result);
    return result;
  }

  return measure;
}

/** Refuses an operation deeper than `maxDepth` (QUERY_TOO_DEEP) or costlier than `maxCost` (QUERY_TOO_COMPLEX). */
export function queryLimits(limits: { maxDepth: number; maxCost: number; rootFieldCost: number }): ValidationRule {
  const { maxDepth, maxCost, rootFieldCost } = limits;
  return function queryLimits(context) {
    const measure = measurer(context, rootFieldCost);
    return {
      OperationDefinition(node) {
        const root = context.getSchema().getRootType(node.operation) ?? undefined;
        const { depth, cost } = measure(node.selectionSet, root);
        if (depth > maxDepth)
          context.reportError(
            new GraphQLError(`the query is ${depth} levels deep; at most ${maxDepth} are allowed`, {
              nodes: [node],
              extensions: { code: "QUERY_TOO_DEEP", status: 400, depth, limit: maxDepth },
            }),
          );
        if (cost > maxCost)
          context.reportError(
            new GraphQLError(`the query costs ${cost}; at most ${maxCost} is allowed (lists count once per item)`, {
              nodes: [node],
              extensions: { code: "QUERY_TOO_COMPLEX", status: 400, cost, limit: maxCost },
            }),
          );
      },
    };
  };
}
