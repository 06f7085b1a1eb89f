import { connect } from "node:net";

const started = Symbol.for("revstack.engineWatchdog");

/**
 * Ends this process a few seconds after the Pulumi engine is gone. The engine starts plugins in their own process
 * group, so killing `pulumi up` (even its whole group) leaves them running, and the provider's `sh` wrapper keeps
 * it from seeing its parent die. The engine's address (the plugin's first argument) stops accepting connections
 * when the engine dies: two refused connections in a row end the process. Timeouts do not count (a busy machine).
 */
export function watchEngine(address = engineAddressFromArgv(), everyMs = 2000): void {
  const g = globalThis as unknown as Record<symbol, boolean | undefined>;
  if (!address || g[started]) return;
  g[started] = true;
  const [host, port] = splitAddress(address);
  let refused = 0;
  const timer = setInterval(() => {
    const socket = connect({ host, port, timeout: everyMs });
    socket.once("connect", () => {
      refused = 0;
      socket.destroy();
    });
    socket.once("timeout", () => socket.destroy());
    socket.once("error", (err: NodeJS.ErrnoException) => {
      if (err.code !== "ECONNREFUSED") return;
      if (++refused >= 2) process.exit(1);
    });
  }, everyMs);
  timer.unref();
}

/** The dynamic-provider plugin is started as `node <script> <engine address>`. */
function engineAddressFromArgv(): string | undefined {
  return process.argv.slice(2).find((a) => /^[\w.[\]:-]+:\d+$/.test(a));
}

function splitAddress(address: string): [string, number] {
  const i = address.lastIndexOf(":");
  return [address.slice(0, i).replace(/^\[|\]$/g, "") || "127.0.0.1", Number(address.slice(i + 1))];
}
