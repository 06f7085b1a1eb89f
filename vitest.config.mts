import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    pool: "forks",
    // At least two files at once, even on two cores (vitest's default there is one): the end-to-end files spend most
    // of their time waiting on the Pulumi engine, n8n and the sandbox, each in its own process, on temp dirs and free
    // ports, so two of them overlap well.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 20_000,
    hookTimeout: 120_000,
    // Type-level tests (`*.test-d.ts`, expectTypeOf) are checked by tsc as part of the run.
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "tsconfig.json" },
  },
});
