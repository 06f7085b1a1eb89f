/** A one-line "still working" indicator on a terminal (stderr); silent when piped, so CI logs stay clean. */
export function progress(label: string, stream: NodeJS.WriteStream = process.stderr): { stop(): void } {
  if (!stream.isTTY) return { stop() {} };
  const started = Date.now();
  const draw = () => stream.write(`\r${label} ${Math.round((Date.now() - started) / 1000)} s`);
  draw();
  const timer = setInterval(draw, 1000);
  return {
    stop() {
      clearInterval(timer);
      stream.write("\r\x1b[2K");
    },
  };
}
