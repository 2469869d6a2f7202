export * from "./auth-schema.ts";
export * from "./todos.ts";
