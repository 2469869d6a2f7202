import { createStart } from "@tanstack/react-start";
import { loggingMiddleware } from "@/middleware/logging";
import {
  securityHeadersMiddleware,
  csrfMiddleware,
} from "#/lib/auth/request-middleware";

export const startInstance = createStart(() => {
  return {
    requestMiddleware: [securityHeadersMiddleware, csrfMiddleware, loggingMiddleware],
  };
});
