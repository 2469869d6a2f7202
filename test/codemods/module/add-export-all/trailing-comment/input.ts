import { pgTable, serial } from 'drizzle-orm/pg-core'

export const todos = pgTable('todos', { id: serial().primaryKey() })

// more tables live in ./legacy (not migrated by drizzle-kit)


