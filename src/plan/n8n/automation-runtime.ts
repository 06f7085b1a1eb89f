import { runtimeSource } from "./runtime-source";

/**
 * Automation logic that runs inside n8n's Code nodes: ./runtime/events.js and ./runtime/actions.js, type-checked
 * JavaScript read as source text for the same reason as the routing runtime: the compiled workflows must not
 * change when the toolchain does.
 *
 * CRM events (record created, property changed, stage entered, stage stalled) are found by polling the CRM's
 * search API on a schedule: HubSpot only pushes events to a registered app, and polling needs nothing but
 * the token. The workflow's static data keeps the poll window and what was already seen, which spares work; what
 * makes each event fire once is the automation log (./event-log.ts), since n8n saves static data last-writer-wins.
 * The first poll looks back one interval.
 */
export const EVENTS_RUNTIME = runtimeSource("events.js");

/**
 * Turns a record into the concrete actions: owner ids, rendered texts, due dates, resolved notification targets.
 * Uses route() for assignOwner and render() for templates. `config.people` is there only when an action names
 * owner, manager or backup.
 */
export const ACTIONS_RUNTIME = runtimeSource("actions.js");
