import { CALENDAR_RUNTIME } from "../../blueprint/calendar-runtime";
import { runtimeSource } from "./runtime-source";

/**
 * The lead-routing logic that runs inside n8n's Code node: ./runtime/routing.js, type-checked JavaScript read
 * as source text (not a compiled TypeScript function) so the workflow JSON does not change when the compiler or
 * its toolchain does: recompiling an unchanged blueprint must give byte-identical workflows.
 *
 * route(config, lead, crmOwners, state, now) → decision. `state` holds round-robin cursors, weighted-round-robin
 * credit and each owner's assignments per local day (capacity); it is replayed from a log (the routing log,
 * ./routing-log.ts, and each assignOwner automation's assignment log, ./assignment-log.ts), so simultaneous
 * executions agree on it (workflow static data, saved last-writer-wins, would not).
 * Working time, absences and local days come from the `cal*` functions of CALENDAR_RUNTIME, which this text
 * starts with, so every Code node that routes (routing, automations' assignOwner) counts time the same way
 * (each owner's calendar is in config.owners[email].calendar).
 */
export const ROUTING_RUNTIME = CALENDAR_RUNTIME + runtimeSource("routing.js");
