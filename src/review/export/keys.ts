import { KEY_PATTERN } from "../../blueprint/model";

/**
 * Stable keys from labels: "Decision Maker Bought-In" → decision-maker-bought-in. A label that yields no valid
 * key gets `prefix`; repeats get -2, -3 in the order given, so exporting the same account twice gives the same keys.
 */
export class KeyMaker {
  private readonly used = new Set<string>();

  /** `reserved`: keys already taken by name (HubSpot's default pipelines and stages), never made from a label. */
  constructor(
    private readonly prefix: string,
    reserved: Iterable<string> = [],
  ) {
    for (const key of reserved) this.used.add(key);
  }

  key(label: string): string {
    let base = label
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 56)
      .replace(/-+$/, "");
    if (!/^[a-z]/.test(base)) base = base ? `${this.prefix}-${base}` : this.prefix;
    let key = base;
    for (let n = 2; this.used.has(key) || !KEY_PATTERN.test(key); n++) key = `${base}-${n}`;
    this.used.add(key);
    return key;
  }
}
