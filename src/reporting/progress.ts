/**
 * A one-line progress bar on stderr when it is a terminal; silent otherwise (CI logs and pipes stay clean).
 */
export interface Progress {
  advance(by: number): void;
  done(): void;
}

const WIDTH = 30;

export function progressBar(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { advance() {}, done() {} };
  let count = 0;
  let shown = -1;
  const draw = () => {
    const share = total > 0 ? Math.min(1, count / total) : 1;
    const filled = Math.round(share * WIDTH);
    if (filled === shown && count < total) return;
    shown = filled;
    stream.write(
      `\r${label.padEnd(9)} [${"#".repeat(filled)}${"-".repeat(WIDTH - filled)}] ${count.toLocaleString("en-US")}/${total.toLocaleString("en-US")}`,
    );
  };
  draw();
  return {
    advance(by) {
      count += by;
      draw();
    },
    done() {
      shown = -1;
      draw();
      stream.write("\n");
    },
  };
}
