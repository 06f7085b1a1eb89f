import type { WorkflowDefinition } from "./types";

/** A production webhook a workflow serves while it is published: its path and HTTP method. */
export interface WebhookRoute {
  path: string;
  method: string;
}

const REGISTRATION_WAIT_MS = 30_000;
const POLL_MS = 250;

export function webhookRoutes(workflow: Pick<WorkflowDefinition, "nodes">): WebhookRoute[] {
  return workflow.nodes
    .filter((n) => n.type === "n8n-nodes-base.webhook" && !n.disabled)
    .map((n) => ({
      path: String(n.parameters.path ?? ""),
      method: String(n.parameters.httpMethod ?? "GET").toUpperCase(),
    }));
}

/**
 * n8n 2.x publishes and unpublishes a workflow's webhooks a moment after `activate`/`deactivate` answer. Waits
 * until each route is `served` (or not), probing it with another HTTP method so that nothing runs: n8n answers
 * "not registered for <method> requests" for a registered path and "is not registered" for an unknown one.
 * Bounded: 30 s, then an error that names the path.
 */
export async function untilWebhooks(
  urlOf: (path: string) => string,
  routes: WebhookRoute[],
  served: boolean,
): Promise<void> {
  const deadline = Date.now() + REGISTRATION_WAIT_MS;
  for (const route of routes) {
    while ((await isRegistered(urlOf(route.path), route.method)) !== served) {
      if (Date.now() > deadline) {
        throw new Error(
          `n8n did not ${served ? "publish" : "unpublish"} the webhook ${route.method} ${route.path} within 30 s`,
        );
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }
}

async function isRegistered(url: string, method: string): Promise<boolean> {
  const probe = method === "DELETE" ? "PATCH" : "DELETE";
  const res = await fetch(url, { method: probe, signal: AbortSignal.timeout(5_000) });
  const text = await res.text();
  return !(res.status === 404 && /is not registered\./.test(text));
}
