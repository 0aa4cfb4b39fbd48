export * from "./archive";
export * from "./analytics";
