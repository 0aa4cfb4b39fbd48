export * from "./users";
export * from "./dead-letters";
export * from "./catalogue";
export * from "./coach";
export * from "./retrospects";
export * from "./interview";
export * from "./lifelog";
export * from "./social";
