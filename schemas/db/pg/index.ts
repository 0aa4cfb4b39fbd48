export * from "./archive";
