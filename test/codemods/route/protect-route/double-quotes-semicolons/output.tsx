import { createFileRoute } from "@tanstack/react-router";
import { requireAuth } from "#/lib/auth/guards";

export const Route = createFileRoute("/orders")({
  beforeLoad: requireAuth,
  component: Orders,
});

function Orders() {
  return null;
}
