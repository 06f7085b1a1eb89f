// @ts-check
// What the runtime files call but do not define, as the Code node has it: the calendar functions (the routing text
// starts with CALENDAR_RUNTIME) and render() (notify.ts's RENDER_RUNTIME). Types only: this file is never loaded.
/** @typedef {import("../../../blueprint/calendar").CalendarRuntime} CalendarRuntime */
/** @type {CalendarRuntime["calAwayAt"]} */ var calAwayAt;
/** @type {CalendarRuntime["calToday"]} */ var calToday;
/** @type {CalendarRuntime["calBudget"]} */ var calBudget;
/** @type {CalendarRuntime["calAddWorking"]} */ var calAddWorking;
/** @type {(text: string, props: Record<string, unknown>, facts: Record<string, unknown>, now: number) => string} */ var render;
