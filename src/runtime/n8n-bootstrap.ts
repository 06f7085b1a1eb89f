import { z } from "zod";

/**
 * Headless bootstrap of a local n8n to a public-API key. No n8n version we can run offers an env var or a
 * CLI command for this, so we drive the editor's internal /rest API like a browser would.
 */
export interface N8nOwner {
  email: string;
  password: string;
  /** A key from an earlier start; reused when n8n still accepts it. */
  apiKey?: string;
}

/** The parts of n8n's internal answers that the bootstrap reads (n8n wraps each answer in `data`). */
const Scopes = z.object({ data: z.array(z.string()) });
const CreatedKey = z.object({ data: z.object({ rawApiKey: z.string() }) });

// The session JWT embeds a hash of this header: without it every authenticated call is 401.
const BROWSER_ID = "revstack-bootstrap";

export async function bootstrapApiKey(baseUrl: string, owner: N8nOwner, deadline: number): Promise<string> {
  if (owner.apiKey && (await keyWorks(baseUrl, owner.apiKey))) return owner.apiKey;
  const session = new Session(baseUrl, deadline);
  const setup = await ownerSetup(session, owner, deadline);
  // 400 = the owner exists already (restart on an existing data dir): log in instead.
  if (setup.status === 400) {
    await session.expect("POST", "/rest/login", { emailOrLdapLoginId: owner.email, password: owner.password });
  } else if (!setup.ok) {
    throw new Error(`owner setup failed: ${await describe(setup)}`);
  }
  const scopes = Scopes.parse(await session.expect("GET", "/rest/api-keys/scopes")).data;
  const created = await session.expect("POST", "/rest/api-keys", {
    label: `revstack ${new Date().toISOString()}`,
    scopes,
    expiresAt: null,
  });
  return CreatedKey.parse(created).data.rawApiKey;
}

/** n8n 2.41 mounts its internal /rest routes a moment after the public API: a 404 is retried until the deadline. */
async function ownerSetup(session: Session, owner: N8nOwner, deadline: number): Promise<Response> {
  const body = { email: owner.email, firstName: "Revstack", lastName: "Owner", password: owner.password };
  for (;;) {
    const res = await session.send("POST", "/rest/owner/setup", body);
    if (res.status !== 404 || Date.now() > deadline) return res;
    await res.body?.cancel();
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function keyWorks(baseUrl: string, apiKey: string): Promise<boolean> {
  const res = await fetch(`${baseUrl}/api/v1/workflows?limit=1`, {
    headers: { "X-N8N-API-KEY": apiKey },
    signal: AbortSignal.timeout(5_000),
  });
  return res.ok;
}

/** A cookie session against n8n's internal API; bodies of failures are reported, passwords never. */
class Session {
  private cookie = "";

  constructor(
    private readonly baseUrl: string,
    private readonly deadline: number,
  ) {}

  async send(method: string, path: string, body?: unknown): Promise<Response> {
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: {
        "browser-id": BROWSER_ID,
        ...(this.cookie && { cookie: this.cookie }),
        ...(body !== undefined && { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(Math.max(1_000, this.deadline - Date.now())),
    });
    const auth = res.headers.getSetCookie().find((c) => c.startsWith("n8n-auth="));
    if (auth) this.cookie = auth.split(";")[0];
    return res;
  }

  async expect(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await this.send(method, path, body);
    if (!res.ok) throw new Error(`${method} ${path} failed: ${await describe(res)}`);
    return res.json();
  }
}

async function describe(res: Response): Promise<string> {
  const text = await res.text();
  try {
    return `${res.status} ${JSON.parse(text).message ?? text}`;
  } catch {
    return `${res.status} ${text.slice(0, 200)}`;
  }
}
