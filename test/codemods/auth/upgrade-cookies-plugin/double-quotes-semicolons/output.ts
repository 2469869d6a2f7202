import { betterAuth } from "better-auth";
import { tanstackStartCookies } from "better-auth/tanstack-start";

const options = { plugins: [tanstackStartCookies()] };

export const auth = betterAuth(options);
