import { ApiError } from "./errors";
import { faultConfigProblem, type FaultConfig, type Faults } from "./faults";
import type { Reply } from "./router";
import type { Stats } from "./stats";

export const ADMIN_PREFIX = "/__sandbox";

/**
 * The sandbox's own endpoints. They answer only to `X-Sandbox-Admin-Token`, never to a CRM token, so a provider
 * under test cannot switch faults off or reset the counters it is measured by.
 */
export function admin(
  deps: { adminToken: string; stats: Stats; faults: Faults },
  method: string,
  path: string,
  headerToken: string | undefined,
  body: () => unknown,
): Reply {
  if (headerToken !== deps.adminToken) {
    throw new ApiError(
      401,
      "INVALID_AUTHENTICATION",
      "The sandbox admin endpoints need the header X-Sandbox-Admin-Token with the admin token.",
    );
  }
  const route = `${method} ${path.replace(/\/+$/, "")}`;
  switch (route) {
    case `GET ${ADMIN_PREFIX}/stats`:
      return { status: 200, body: deps.stats.toJSON() };
    case `POST ${ADMIN_PREFIX}/stats/reset`:
      deps.stats.reset();
      return { status: 200, body: deps.stats.toJSON() };
    case `GET ${ADMIN_PREFIX}/faults`:
      return { status: 200, body: deps.faults.current };
    case `POST ${ADMIN_PREFIX}/faults`: {
      const config = body() ?? {};
      const problem = faultConfigProblem(config);
      if (problem) throw new ApiError(400, "VALIDATION_ERROR", `Invalid fault configuration: ${problem}`);
      deps.faults.set(config as FaultConfig);
      return { status: 200, body: deps.faults.current };
    }
    default:
      throw new ApiError(404, "OBJECT_NOT_FOUND", `No sandbox admin endpoint ${route}`);
  }
}
