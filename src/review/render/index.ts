import type { Review } from "../../words/change";
import { renderJson } from "./json";
import { renderMarkdown } from "./markdown";
import { renderText } from "./text";

export const FORMATS = ["text", "markdown", "json"] as const;
export type Format = (typeof FORMATS)[number];

export function render(review: Review, format: Format, options: { color?: boolean } = {}): string {
  if (format === "markdown") return renderMarkdown(review);
  if (format === "json") return renderJson(review);
  return renderText(review, options);
}

export { escapeMarkdown, renderMarkdown } from "./markdown";
export { renderJson } from "./json";
export { renderText } from "./text";

/** Writes a review to a stream; text is colored only on a terminal and never with NO_COLOR. */
export function writeReview(review: Review, format: Format, stream: NodeJS.WriteStream = process.stdout): void {
  stream.write(render(review, format, { color: Boolean(stream.isTTY) && !("NO_COLOR" in process.env) }));
}
