/** A review as terminal text; colored only when asked (the CLI asks when stdout is a TTY). */
import pc from "picocolors";
import { byScope, Change, MANUAL_TITLE, ordered, scoped, SECTION_TITLES, type Review } from "../../words/change";
import { summaryLine } from "./summary";

export function renderText(review: Review, options: { color?: boolean } = {}): string {
  const c = pc.createColors(options.color ?? false);
  const marks = {
    add: c.green("+"),
    remove: c.red("-"),
    change: c.yellow("~"),
    adopt: c.green("="),
    release: c.yellow("<"),
  };
  const lines: string[] = [c.bold(review.title) + (review.subtitle ? c.dim(`  (${review.subtitle})`) : "")];
  const { dangerous, bySection } = ordered(review.changes);
  lines.push(dangerous.length > 0 ? c.red(summaryLine(review)) : summaryLine(review));
  for (const note of review.notes ?? []) lines.push(c.yellow(`note: ${note}`));

  const item = (change: Change, indent: string, text: string) => {
    lines.push(`${indent}${marks[change.action]} ${text}`);
    for (const detail of change.details ?? []) lines.push(c.dim(`${indent}    ${detail}`));
  };
  if (dangerous.length > 0) {
    lines.push("", c.red(c.bold("⚠ Dangerous changes")));
    for (const change of dangerous) {
      item(change, "  ", scoped(change));
      lines.push(c.red(`      ⚠ ${change.danger}`));
    }
  }
  for (const [section, changes] of bySection) {
    lines.push("", c.bold(SECTION_TITLES[section]));
    for (const [scope, group] of byScope(changes)) {
      if (scope) lines.push(`  ${c.cyan(scope)}`);
      for (const change of group) item(change, scope ? "    " : "  ", change.message);
    }
  }
  if (review.manual && review.manual.length > 0) {
    lines.push("", c.bold(MANUAL_TITLE));
    for (const step of review.manual) lines.push(`  ${c.magenta("☐")} ${step}`);
  }
  return lines.join("\n") + "\n";
}
