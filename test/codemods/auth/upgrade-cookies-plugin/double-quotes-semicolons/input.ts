import { betterAuth } from "better-auth";
import { reactStartCookies } from "better-auth/react-start";

const options = { plugins: [reactStartCookies()] };

export const auth = betterAuth(options);
