import type { Review } from "../../words/change";
import { count } from "../../words/describe";

/** "12 changes, 2 dangerous" or the review's message for nothing to do. */
export function summaryLine(review: Review): string {
  const total = review.changes.length;
  if (total === 0) return review.emptyMessage ?? "No changes.";
  const dangerous = review.changes.filter((c) => c.danger !== undefined).length;
  const adopt = review.changes.filter((c) => c.action === "adopt").length;
  const release = review.changes.filter((c) => c.action === "release").length;
  const parts = [
    count(total, "change"),
    ...(dangerous > 0 ? [`${dangerous} dangerous`] : []),
    ...(adopt > 0 ? [`${adopt} to adopt`] : []),
    ...(release > 0 ? [`${release} to release`] : []),
  ];
  return parts.join(", ");
}
