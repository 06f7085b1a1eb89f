/** A review as JSON for machines: the same changes the text shows, plus counts. */
import { SECTIONS, type Review } from "../../words/change";

export function renderJson(review: Review): string {
  const bySection = Object.fromEntries(
    SECTIONS.map((s) => [s, review.changes.filter((c) => c.section === s).length]).filter(([, n]) => n !== 0),
  );
  const document = {
    title: review.title,
    subtitle: review.subtitle,
    summary: {
      changes: review.changes.length,
      dangerous: review.changes.filter((c) => c.danger !== undefined).length,
      bySection,
    },
    notes: review.notes ?? [],
    changes: review.changes,
    manual: review.manual ?? [],
  };
  return JSON.stringify(document, null, 2) + "\n";
}
