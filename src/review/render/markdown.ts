/** A review as GitHub-flavoured markdown for a pull request comment or a CI job summary. */
import { byScope, Change, MANUAL_TITLE, ordered, scoped, SECTION_TITLES, type Review } from "../../words/change";
import { summaryLine } from "./summary";

const MARKS = { add: "➕", remove: "➖", change: "✏️", adopt: "🤝", release: "👋" } as const;

/** Blueprint text (labels, descriptions) must not become markup or HTML in the comment. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|~]/g, (ch) => `\\${ch}`);
}

/** The first line: a hidden marker CI uses to update its own comment instead of adding another. */
export const commentMarker = (review: Review): string => `<!-- ${review.title.replace(/--/g, "- -")} -->`;

export function renderMarkdown(review: Review): string {
  const lines = [commentMarker(review), `### ${escapeMarkdown(review.title)}`, ""];
  const summary = `**${summaryLine(review)}**`;
  lines.push(review.subtitle ? `${escapeMarkdown(review.subtitle)} · ${summary}` : summary);
  for (const note of review.notes ?? []) lines.push("", `> **Note:** ${escapeMarkdown(note)}`);

  const item = (change: Change, prefix: string, text: string) => {
    lines.push(`${prefix}- ${MARKS[change.action]} ${escapeMarkdown(text)}`);
    for (const detail of change.details ?? []) lines.push(`${prefix}  - ${escapeMarkdown(detail)}`);
  };
  const { dangerous, bySection } = ordered(review.changes);
  if (dangerous.length > 0) {
    lines.push("", "> [!CAUTION]", "> **Dangerous changes**", ">");
    for (const change of dangerous) {
      item(change, "> ", scoped(change));
      lines.push(`>   - ⚠️ **${escapeMarkdown(change.danger!)}**`);
    }
  }
  for (const [section, changes] of bySection) {
    lines.push("", `#### ${SECTION_TITLES[section]}`);
    for (const [scope, group] of byScope(changes)) {
      lines.push("");
      if (scope) lines.push(`**${escapeMarkdown(scope)}**`, "");
      for (const change of group) item(change, "", change.message);
    }
  }
  if (review.manual && review.manual.length > 0) {
    lines.push("", `#### ${MANUAL_TITLE}`, "");
    for (const step of review.manual) lines.push(`- [ ] ${escapeMarkdown(step)}`);
  }
  return lines.join("\n") + "\n";
}
