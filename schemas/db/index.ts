export * from "./users";
export * from "./dead-letters";
