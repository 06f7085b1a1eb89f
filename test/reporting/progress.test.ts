import { describe, expect, it } from "vitest";
import { progressBar } from "../../src/reporting/progress";

const stream = (isTTY: boolean) => {
  const written: string[] = [];
  return { written, stream: { isTTY, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream };
};

describe("progress bar", () => {
  it("redraws one line on a terminal and ends it", () => {
    const tty = stream(true);
    const bar = progressBar("deals", 1000, tty.stream);
    for (let i = 0; i < 10; i++) bar.advance(100);
    bar.done();
    const text = tty.written.join("");
    expect(text).toContain("\rdeals     [###############---------------] 500/1,000");
    expect(text).toContain("[##############################] 1,000/1,000");
    expect(text.endsWith("\n")).toBe(true);
    expect(text.split("\n")).toHaveLength(2);
  });

  it("writes nothing when the output is not a terminal", () => {
    const pipe = stream(false);
    const bar = progressBar("deals", 10, pipe.stream);
    bar.advance(10);
    bar.done();
    expect(pipe.written).toEqual([]);
  });
});
