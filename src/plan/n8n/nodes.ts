import { builtinPipelineIds } from "../../blueprint/checks/builtin-pipelines";
import type { Blueprint } from "../../blueprint/model";
import type { NodeSpec } from "./workflow-builder";
import type { Callers } from "./callers";

/** Where the compiled workflows reach the CRM and n8n itself; ids that exist only once applied come from here. */
export interface N8nTarget {
  /** The CRM's API root as n8n sees it (HubSpot's API, or the sandbox's URL). */
  crmBaseUrl: string;
  /** The n8n header-auth credential holding the CRM token (created by the provider; n8n never returns it). */
  crmCredential: { id: string; name: string };
  /** n8n's own URL, for the routing workflow to start SLA timers through their webhook. */
  n8nBaseUrl: string;
  /** The credentials every webhook checks its callers with (see callers.ts). */
  callers: Callers;
  /** The generic webhook (`revstack:notifyUrl`): every notification is also POSTed here as JSON. */
  notifyUrl?: string;
  /** Slack delivery: the API root (https://slack.com/api) and the n8n credential holding the bot token. */
  slack?: { apiUrl: string; credential: { id: string; name: string } };
  /** Email delivery: the sender and the n8n SMTP credential. */
  email?: { from: string; credential: { id: string; name: string } };
  /** Multiplies SLA, stall, wait and polling durations; tests shorten them (e.g. 0.001). Default 1. */
  timeScale?: number;
  /** How often the routing sweep routes leads left without an owner (`revstack:routingSweepMinutes`); none without it. */
  routingSweepMinutes?: number;
  /** How long the routing log and the automation log keep rows (`revstack:logRetentionDays`). Default 90 days. */
  logRetentionDays?: number;
  /** How often automations on CRM events poll the CRM. Default 1 minute. */
  pollMinutes?: number;
  /** CRM ids the blueprint refers to by key (outputs of the CRM resources), for stage triggers and moveStage. */
  crmIds?: { pipelines: Record<string, { id: string; stages: Record<string, string> }> };
}

/** The CRM ids of pipeline `key`: HubSpot's fixed ones for its default pipelines the blueprint does not declare, else the applied ones. */
export const pipelineIds = (bp: Blueprint, target: N8nTarget, key: string) =>
  builtinPipelineIds(bp, key) ?? target.crmIds?.pipelines[key];

export const trim = (url: string) => url.replace(/\/+$/, "");

export function webhook(name: string, path: string, responseMode: "lastNode" | "onReceived"): NodeSpec {
  return {
    name,
    type: "n8n-nodes-base.webhook",
    typeVersion: 2,
    parameters: { httpMethod: "POST", path, responseMode, options: {} },
  };
}

/** A call to the CRM's API with the CRM credential. `path` and `body` may be n8n expressions. */
export function crmRequest(
  target: N8nTarget,
  name: string,
  method: "GET" | "PATCH" | "POST",
  path: string,
  body?: string,
): NodeSpec {
  // n8n ends an expression at its first "}}": a body holding one would be cut there, and fail at run time only.
  if (body?.includes("}}")) throw new Error(`${name}: the body expression holds "}}", which ends an n8n expression`);
  return {
    name,
    type: "n8n-nodes-base.httpRequest",
    typeVersion: 4.2,
    parameters: {
      method,
      url: `=${trim(target.crmBaseUrl)}${path}`,
      authentication: "genericCredentialType",
      genericAuthType: "httpHeaderAuth",
      ...(body !== undefined && { sendBody: true, specifyBody: "json", jsonBody: `={{ JSON.stringify(${body}) }}` }),
      options: {},
    },
    credentials: { httpHeaderAuth: target.crmCredential },
    // Every CRM call here is a read or an idempotent PATCH, so n8n may repeat it (rate limits, blips).
    retryOnFail: true,
    maxTries: 3,
    waitBetweenTries: 1000,
  };
}

/** A JSON POST (the generic notification webhook); `body` is an n8n expression. */
export function postJson(name: string, url: string, body: string): NodeSpec {
  return {
    name,
    type: "n8n-nodes-base.httpRequest",
    typeVersion: 4.2,
    parameters: {
      method: "POST",
      url,
      sendBody: true,
      specifyBody: "json",
      jsonBody: `={{ JSON.stringify(${body}) }}`,
      options: {},
    },
  };
}

export function code(name: string, jsCode: string): NodeSpec {
  return { name, type: "n8n-nodes-base.code", typeVersion: 2, parameters: { mode: "runOnceForAllItems", jsCode } };
}

/** Waits until the instant an expression gives (an ISO date); long waits are kept in n8n's database. */
export function waitUntil(name: string, dateTime: string): NodeSpec {
  return { name, type: "n8n-nodes-base.wait", typeVersion: 1.1, parameters: { resume: "specificTime", dateTime } };
}

export function waitFor(name: string, seconds: number): NodeSpec {
  return {
    name,
    type: "n8n-nodes-base.wait",
    typeVersion: 1.1,
    parameters: { resume: "timeInterval", amount: seconds, unit: "seconds" },
  };
}

/** An IF node on a boolean expression: output 0 when true, 1 when false. */
export function ifTrue(name: string, expression: string): NodeSpec {
  return {
    name,
    type: "n8n-nodes-base.if",
    typeVersion: 2.2,
    parameters: {
      conditions: {
        options: { caseSensitive: true, leftValue: "", typeValidation: "loose", version: 2 },
        conditions: [
          {
            id: "condition",
            leftValue: `={{ ${expression} }}`,
            rightValue: "",
            operator: { type: "boolean", operation: "true", singleValue: true },
          },
        ],
        combinator: "and",
      },
      options: {},
    },
  };
}

export function scheduleNode(name: string, cron: string | undefined, seconds: number | undefined) {
  const interval = cron
    ? { field: "cronExpression", expression: cron }
    : seconds! % 3600 === 0
      ? { field: "hours", hoursInterval: seconds! / 3600 }
      : seconds! % 60 === 0
        ? { field: "minutes", minutesInterval: seconds! / 60 }
        : { field: "seconds", secondsInterval: seconds };
  return {
    name,
    type: "n8n-nodes-base.scheduleTrigger",
    typeVersion: 1.2,
    parameters: { rule: { interval: [interval] } },
  };
}

/** A Stop and Error node: the execution fails with the message (an n8n expression or a fixed text). */
export function failExecution(name: string, errorMessage: string): NodeSpec {
  return {
    name,
    type: "n8n-nodes-base.stopAndError",
    typeVersion: 1,
    parameters: { errorType: "errorMessage", errorMessage },
  };
}
