import { describe, expect, it } from "vitest";
import { EVENTS_RUNTIME } from "../../../src/plan/n8n/automation-runtime";

// The polling the Code nodes run (./runtime/events.js), evaluated here as n8n runs it.
const { pollRequest, newEvents } = new Function(`${EVENTS_RUNTIME}\nreturn { pollRequest, newEvents };`)() as {
  pollRequest: (trigger: object, state: object, now: number) => any;
  newEvents: (trigger: object, request: object, results: object[], state: object, paging?: object) => any[];
};

const NOW = Date.parse("2026-12-06T12:00:00Z");
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
const stage = {
  kind: "stageEntered",
  object: "deals",
  pollMs: 2000,
  properties: ["dealstage"],
  pipelineId: "p1",
  stageId: "won",
};
const deal = (id: string, enteredAt: number, modifiedAt = enteredAt) => ({
  id,
  properties: { dealstage: "won", hs_v2_date_entered_won: iso(enteredAt), hs_lastmodifieddate: iso(modifiedAt) },
});
const since = (request: any) => Number(request.search.filterGroups[0].filters[0].value);

describe("a polling automation's first poll", () => {
  it("looks back ten minutes, not one interval, so what changed before n8n first ran it is seen", () => {
    const state = {};
    const first = pollRequest(stage, state, NOW);
    expect(since(first)).toBe(NOW - 10 * MIN);
    // A deal won five minutes before the first poll (n8n busy after pulumi up) is an event of it.
    expect(newEvents(stage, first, [deal("1", NOW - 5 * MIN)], state).map((e) => e.id)).toEqual(["1"]);
    // Later polls look back from the last one, less the overlap: the same deal does not fire again.
    const next = pollRequest(stage, state, NOW + 2000);
    expect(since(next)).toBe(NOW - 30_000);
    expect(newEvents(stage, next, [deal("1", NOW - 5 * MIN, NOW - 10_000)], state)).toEqual([]);
  });

  it("looks back to when the workflow was activated, however late n8n runs it, and no further", () => {
    // Created with `activatedAt` (src/plan/n8n/activation.ts): the window starts there.
    const state = { activatedAt: NOW - 25 * MIN };
    const first = pollRequest(stage, state, NOW);
    expect(since(first)).toBe(NOW - 25 * MIN);
    // Won after activation, before n8n's first poll: an event; won before activation: history, not replayed.
    const fired = newEvents(
      stage,
      first,
      [deal("after", NOW - 20 * MIN), deal("before", NOW - 30 * MIN, NOW - MIN)],
      state,
    );
    expect(fired.map((e) => e.id)).toEqual(["after"]);
    // A just-activated workflow polled at once looks back from activation, not ten minutes.
    expect(since(pollRequest(stage, { activatedAt: NOW - 1000 }, NOW))).toBe(NOW - 1000);
  });

  it("takes a longer interval as its window", () => {
    expect(since(pollRequest({ ...stage, pollMs: 60 * MIN }, {}, NOW))).toBe(NOW - 60 * MIN);
  });

  it("does not take a deal that entered the stage before its window, only touched within it, for an event", () => {
    const state = {};
    const first = pollRequest(stage, state, NOW);
    expect(newEvents(stage, first, [deal("old", NOW - 60 * MIN, NOW - MIN)], state)).toEqual([]);
  });

  it("keeps the event id of a deal seen before, so the automation log drops a re-fire after lost static data", () => {
    const fired = (state: object) =>
      newEvents(stage, pollRequest(stage, state, NOW), [deal("1", NOW - 5 * MIN)], state)[0].event;
    expect(fired({})).toBe(fired({}));
  });
});
