import type { ExecutionResult, ValidationRule } from "graphql";

/** The envelop hooks the gateway's plugins use (a subset of @envelop/types' Plugin). */
export type GatewayPlugin<TContext> = {
  onValidate?: (payload: { addValidationRule(rule: ValidationRule): void }) => void;
  onExecute?: (payload: { args: { contextValue: TContext } }) => {
    onExecuteDone?: (payload: {
      result: ExecutionResult | AsyncIterable<unknown>;
      args: { contextValue: TContext };
    }) => void;
  } | void;
};

export type YogaServer<TContext> = {
  fetch(request: Request, serverContext: TContext): Response | Promise<Response>;
};

export function buildYoga<TContext>(options: {
  typeDefs: string;
  resolvers: Record<string, Record<string, unknown>>;
  maskError: (error: unknown, message: string) => Error;
  plugins: GatewayPlugin<TContext>[];
}): YogaServer<TContext>;
