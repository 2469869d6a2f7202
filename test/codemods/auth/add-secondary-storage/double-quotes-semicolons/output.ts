import { betterAuth } from "better-auth";
import Database from "better-sqlite3";
import { redisStorage } from "#/lib/auth/redis";

export const auth = betterAuth({
    database: new Database("./auth.db"),
    emailAndPassword: { enabled: true },
    // Sessions and rate limits shared by every instance (lib/auth/redis.ts, REDIS_URL).
    secondaryStorage: redisStorage,
    // Sessions stay in the database too: it answers while Redis is down.
    session: {
        storeSessionInDatabase: true,
    },
    // One count per client across instances.
    rateLimit: {
        storage: "secondary-storage",
    },
    // Email links and codes outlive a Redis restart.
    verification: {
        storeInDatabase: true,
    },
});
