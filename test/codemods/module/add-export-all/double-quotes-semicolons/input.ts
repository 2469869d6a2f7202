import { pgTable, serial } from "drizzle-orm/pg-core";

export const todos = pgTable("todos", { id: serial().primaryKey() });
