// @ts-check
/**
 * Which of a lead's deliveries the routing log holds last, and what was decided for it (see ../routing-log.ts).
 * The JSDoc blocks are the types only and are cut before the text goes into the workflow (../runtime-source.ts).
 * @typedef {{ id: number, leadId: string, lead: string, decision?: string | null, state?: string | null }} DeliveryRow
 */

/**
 * Each lead's newest delivery among `rows` (a lead's rows, or several leads'), by lead id, with that delivery's
 * decision: on its own row (one lead at a time records it there), or on the decision row a batch recorded for it
 * in one insert with the batch's other decisions (`lead` empty, the decision naming its `row`; ../routing-batch.ts).
 * A decision row naming an older delivery (an execution slow to record) is not taken for the newest one's.
 * @param {DeliveryRow[]} rows
 * @returns {Record<string, DeliveryRow>}
 */
function newestDeliveries(rows) {
  /** @type {Record<string, DeliveryRow>} */
  const newest = {};
  /** @type {Record<number, string>} */
  const recorded = {};
  for (const r of rows) {
    if (r.id === undefined) continue;
    if (r.lead) {
      if (!newest[r.leadId] || newest[r.leadId].id < r.id) newest[r.leadId] = r;
    } else if (r.decision) {
      const { row, ...d } = JSON.parse(r.decision);
      recorded[row] = JSON.stringify(d);
    }
  }
  for (const [id, r] of Object.entries(newest)) newest[id] = { ...r, decision: r.decision || recorded[r.id] || "" };
  return newest;
}
