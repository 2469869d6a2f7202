import { betterAuth } from 'better-auth'
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

const databasePath = process.env.DATABASE_PATH ?? './data/auth.db';
mkdirSync(dirname(databasePath), { recursive: true });

// the options
const options = {
  database: new Database(databasePath),
  emailAndPassword: { enabled: true },
}

export const auth = betterAuth(options)
