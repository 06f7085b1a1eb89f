// @ts-check
/**
 * The lead-routing logic that runs inside n8n's Code node (see ../routing-runtime.ts), type-checked by
 * ./tsconfig.json against the config the compiler builds (../routing.ts). The JSDoc blocks and `// @ts-expect-error`
 * lines are the types only: they and the line above are cut before the text goes into the workflow (../runtime-source.ts).
 * @typedef {ReturnType<typeof import("../routing").routingConfig>} Config
 * @typedef {NonNullable<NonNullable<Rule["sla"]>["onBreach"]>} Breach
 * @typedef {Config["rules"][number]} Rule
 * @typedef {Config["teams"][string]} Team
 * @typedef {import("../../../blueprint/model").RuleCondition} Condition
 * @typedef {{ all: Condition[], any?: undefined } | { all?: undefined, any: Condition[] }} Group
 * @typedef {Record<string, unknown>} Props
 * @typedef {{ id: string | number, properties?: Props, lists?: string[] }} Lead
 * @typedef {{ id: string | number, email?: string, archived?: boolean }} CrmOwner
 * @typedef {{ cursor?: Record<string, number>, credit?: Record<string, Record<string, number>>, load?: Record<string, { day: string, n: number }> }} State
 * @typedef {{ rule: string, candidate: string, skipped?: string }} Considered
 * @typedef {{ config: Config, props: Props, ids: Record<string, string>, state: State, now: number, considered: Considered[] }} Ctx
 * @typedef {{ candidates: string[], commit(chosen: string): void }} Plan
 * @typedef {{ owner: string, member: string, team: string | undefined, strategy: string, overCapacity: boolean }} Choice
 * @typedef {{ contactId: string, rule: string, owner: string, ownerId: string, strategy: string, considered: Considered[], coveringFor?: string, overCapacity?: boolean, sla?: unknown }} Decision
 */

/**
 * @param {Config} config
 * @param {Lead} lead
 * @param {CrmOwner[]} crmOwners
 * @param {State} state
 * @param {number} now
 * @returns {Decision}
 */
function route(config, lead, crmOwners, state, now) {
  const props = lead.properties || {};
  /** @type {Record<string, string>} */
  const ids = {};
  for (const o of crmOwners) if (o.email && !o.archived) ids[o.email.toLowerCase()] = String(o.id);
  /** @type {Ctx} */
  const ctx = { config, props, ids, state, now, considered: [] };
  // The keys of the blueprint's lists the lead is in, as the workflow read them (the routing log keeps them).
  const lists = lead.lists || [];
  const matching = config.rules.filter((rule) => !rule.when || matches(rule.when, props, lists));
  for (const rule of matching) {
    const pick = assign(ctx, rule.key, rule.assign, false);
    if (pick) return decide(ctx, lead, rule, pick);
  }
  // Every matching rule is at capacity: the last one (the fallback) takes the lead anyway.
  const last = matching[matching.length - 1];
  const forced = last && assign(ctx, last.key, last.assign, true);
  if (forced) return decide(ctx, lead, last, forced);
  const reason = matching.length ? "no owner available" : "no routing rule matches";
  // The candidates go with the error: the routing log records why nobody took the lead.
  throw Object.assign(new Error(reason + " for lead " + lead.id + ": check the routing rules' teams and owners in the CRM"), { considered: ctx.considered });
}

/**
 * @param {Group} group
 * @param {Props} props
 * @param {string[]} lists
 */
function matches(group, props, lists) {
  return group.all ? group.all.every((c) => test(c, props, lists)) : group.any.some((c) => test(c, props, lists));
}

/**
 * @param {Condition} c
 * @param {Props} props
 * @param {string[]} [lists] the keys of the lists the lead is in
 * @returns {boolean}
 */
function test(c, props, lists) {
  if ("list" in c) return (lists || []).includes(c.list) === (c.op === "in");
  const v = props[c.property];
  const known = v !== undefined && v !== null && v !== "";
  if (c.op === "known") return known;
  if (c.op === "unknown") return !known;
  if (!known) return c.op === "neq" || c.op === "not_in";
  const list = Array.isArray(c.value) ? c.value : [c.value];
  switch (c.op) {
    case "eq": return same(v, c.value);
    case "neq": return !same(v, c.value);
    case "in": return list.some((w) => same(v, w));
    case "not_in": return !list.some((w) => same(v, w));
    case "gt": return Number(v) > Number(c.value);
    case "gte": return Number(v) >= Number(c.value);
    case "lt": return Number(v) < Number(c.value);
    case "lte": return Number(v) <= Number(c.value);
    case "contains": return String(v).toLowerCase().includes(String(c.value).toLowerCase());
  }
  return false;
}

// The CRM returns every property value as a string ("true", "1000"). Text compares as HubSpot's filters compare
// it: case-insensitively, ignoring surrounding spaces ("united kingdom" equals "United Kingdom").
/**
 * @param {unknown} v
 * @param {unknown} w
 */
function same(v, w) {
  if (typeof w === "number") return Number(v) === w;
  if (typeof w === "boolean") return String(v).toLowerCase() === String(w);
  return String(v).trim().toLowerCase() === String(w).trim().toLowerCase();
}

// The owner for an assignment, or undefined when everyone it could go to is at capacity or unknown.
/**
 * @param {Ctx} ctx
 * @param {string} ruleKey
 * @param {Rule["assign"]} target
 * @param {boolean} ignoreCapacity
 * @returns {Choice | undefined}
 */
function assign(ctx, ruleKey, target, ignoreCapacity) {
  const team = target.team && ctx.config.teams[target.team];
  if (!target.owner && !team) throw new Error("routing assigns to unknown team " + target.team);
  const strategy = target.strategy || (team && team.strategy) || "round_robin";
  // @ts-expect-error without an owner the target names a team (the assign above throws otherwise)
  const plan = target.owner ? single(target.owner) : order(ctx, target.team, team, strategy);
  for (const member of plan.candidates) {
    const owner = present(ctx, member);
    const skipped = !owner ? absent(ctx, member) : !ignoreCapacity && atCapacity(ctx, owner) ? full(ctx, owner) : undefined;
    // The fallback's second pass (past capacity) meets the same candidates again: each reason is said once.
    const said = ctx.considered.some((c) => c.rule === ruleKey && c.candidate === member && c.skipped === skipped);
    if (!said) ctx.considered.push(skipped ? { rule: ruleKey, candidate: member, skipped } : { rule: ruleKey, candidate: member });
    if (skipped || !owner) continue;
    const overCapacity = atCapacity(ctx, owner);
    plan.commit(member);
    count(ctx, owner);
    return { owner, member, team: target.team, strategy: target.owner ? "owner" : strategy, overCapacity };
  }
  return undefined;
}

// Why a candidate could not take the lead, in the routing log's words.
/**
 * @param {Ctx} ctx
 * @param {string} who
 */
function absent(ctx, who) {
  const owner = ctx.config.owners[who];
  if (owner && calAwayAt(owner.calendar, ctx.now)) return "away, and no backup could take it";
  return "not an active owner in the CRM";
}

/**
 * @param {Ctx} ctx
 * @param {string} owner
 */
function full(ctx, owner) {
  return "at capacity (" + load(ctx, owner) + " of " + capacityOf(ctx, owner) + " new leads today)";
}

/**
 * @param {string} email
 * @returns {Plan}
 */
function single(email) {
  return { candidates: [email], commit() {} };
}

// Team members in the order the strategy would give them the lead; commit() records the choice.
/**
 * @param {Ctx} ctx
 * @param {string} teamKey
 * @param {Team} team
 * @param {string} strategy
 * @returns {Plan}
 */
function order(ctx, teamKey, team, strategy) {
  const st = ctx.state;
  let members = team.members;
  let cursorKey = teamKey;
  if (strategy === "territory") {
    // @ts-expect-error the territory strategy requires a territoryProperty (a blueprint check)
    const value = String(ctx.props[team.territoryProperty] ?? "").trim().toLowerCase();
    const local = members.filter((m) => (ctx.config.owners[m].territories || []).some((t) => String(t).toLowerCase() === value));
    if (local.length) {
      members = local;
      cursorKey = teamKey + "@" + value;
    }
  }
  if (strategy === "weighted") {
    /** @type {Record<string, number>} */
    // @ts-expect-error `x = x || {}` reads as `{}`: the state's maps are created on first use
    const credit = ((st.credit = st.credit || {})[teamKey] = st.credit[teamKey] || {});
    /** @param {string} m */
    const weight = (m) => (team.weights && team.weights[m]) || 1;
    const total = members.reduce((sum, m) => sum + weight(m), 0);
    // Smooth weighted round robin: every pick adds each weight to its credit; the pick pays the total.
    const candidates = members.slice().sort((a, b) => (credit[b] || 0) + weight(b) - ((credit[a] || 0) + weight(a)));
    return {
      candidates,
      commit(chosen) {
        for (const m of members) credit[m] = (credit[m] || 0) + weight(m);
        credit[chosen] -= total;
      },
    };
  }
  if (strategy === "capacity") {
    // Members without a stated capacity are balanced as if they had the team's largest one.
    const largest = Math.max(1, ...members.map((m) => capacityOf(ctx, m) ?? 0));
    /** @param {string} m */
    const ratio = (m) => load(ctx, m) / Math.max(capacityOf(ctx, m) ?? largest, 1);
    const candidates = members.slice().sort((a, b) => ratio(a) - ratio(b));
    return { candidates, commit() {} };
  }
  /** @type {Record<string, number>} */
  const cursors = (st.cursor = st.cursor || {});
  const start = (cursors[cursorKey] || 0) % members.length;
  const candidates = members.slice(start).concat(members.slice(0, start));
  return { candidates, commit: (chosen) => (cursors[cursorKey] = (members.indexOf(chosen) + 1) % members.length) };
}

// Who actually takes work meant for this owner or team: an away owner's backup, a team's first member
// with room (else its manager). Each name is visited once, so backup cycles end.
/**
 * @param {Ctx} ctx
 * @param {string | undefined} who
 * @param {Set<string>} [seen]
 * @returns {string | undefined}
 */
function present(ctx, who, seen = new Set()) {
  if (!who || seen.has(who)) return undefined;
  seen.add(who);
  const team = ctx.config.teams[who];
  if (team) {
    for (const m of team.members) {
      const owner = present(ctx, m, seen);
      if (owner && !atCapacity(ctx, owner)) return owner;
    }
    return present(ctx, team.manager, seen);
  }
  const owner = ctx.config.owners[who];
  if (!owner) return undefined;
  if (calAwayAt(owner.calendar, ctx.now)) return present(ctx, owner.backup, seen);
  return ctx.ids[who.toLowerCase()] ? who : undefined;
}

/**
 * @param {Ctx} ctx
 * @param {string} email
 */
function capacityOf(ctx, email) {
  const owner = ctx.config.owners[email];
  return owner && owner.capacity !== undefined ? owner.capacity : undefined;
}

/**
 * @param {Ctx} ctx
 * @param {string} email
 */
function atCapacity(ctx, email) {
  const cap = capacityOf(ctx, email);
  return cap !== undefined && load(ctx, email) >= cap;
}

/**
 * @param {Ctx} ctx
 * @param {string} email
 */
function load(ctx, email) {
  /** @type {{ day: string, n: number } | undefined} */
  const entry = ((ctx.state.load = ctx.state.load || {})[email]);
  return entry && entry.day === today(ctx, email) ? entry.n : 0;
}

/**
 * @param {Ctx} ctx
 * @param {string} email
 */
function count(ctx, email) {
  const day = today(ctx, email);
  /** @type {Record<string, { day: string, n: number }>} */
  const loads = (ctx.state.load = ctx.state.load || {});
  const entry = loads[email];
  loads[email] = { day, n: entry && entry.day === day ? entry.n + 1 : 1 };
}

/**
 * @param {Ctx} ctx
 * @param {string} email
 */
function today(ctx, email) {
  return calToday(ctx.config.owners[email].calendar, ctx.now);
}

/**
 * @param {Ctx} ctx
 * @param {Lead} lead
 * @param {Rule} rule
 * @param {Choice} pick
 * @returns {Decision}
 */
function decide(ctx, lead, rule, pick) {
  const owner = pick.owner;
  /** @type {Decision} */
  const decision = {
    contactId: String(lead.id),
    rule: rule.key,
    owner,
    ownerId: ctx.ids[owner.toLowerCase()],
    strategy: pick.strategy,
    considered: ctx.considered,
  };
  if (pick.member !== owner) decision.coveringFor = pick.member;
  if (pick.overCapacity) decision.overCapacity = true;
  // @ts-expect-error `rule.sla` is set on this line, which TypeScript does not carry over to `rule`
  if (rule.sla) decision.sla = sla(ctx, rule, pick);
  return decision;
}

/**
 * @param {Ctx} ctx
 * @param {Rule & { sla: NonNullable<Rule["sla"]> }} rule
 * @param {Choice} pick
 */
function sla(ctx, rule, pick) {
  const owner = ctx.config.owners[pick.owner];
  // Business hours: the assignee's calendar (working hours, holidays, absences); otherwise the wall clock.
  const working = rule.sla.businessHours ? calBudget(owner.calendar, rule.sla) * ctx.config.timeScale : 0;
  const wall = rule.sla.minutes * 60000 * ctx.config.timeScale;
  const due = (rule.sla.businessHours && calAddWorking(owner.calendar, ctx.now, working)) || ctx.now + (working || wall);
  /** @type {Partial<Breach>} */
  const breach = rule.sla.onBreach || {};
  const teamKey = pick.team || ctx.config.owners[pick.owner].team;
  const manager = teamKey && ctx.config.teams[teamKey] ? ctx.config.teams[teamKey].manager : undefined;
  const backup = present(ctx, owner.backup, new Set([pick.owner])); // a team backup means someone else in it
  /** @type {{ firstTouch: string, dueAt: string, reassignTo?: { email: string, id: string }, escalateTo?: string, notify?: Array<string | undefined> }} */
  const out = { firstTouch: rule.sla.firstTouch, dueAt: new Date(due).toISOString() };
  if (breach.reassignTo) {
    const to = breach.reassignTo === "backup" ? backup : present(ctx, breach.reassignTo);
    if (to && to !== pick.owner) out.reassignTo = { email: to, id: ctx.ids[to.toLowerCase()] };
  }
  if (breach.escalateTo) {
    const to = breach.escalateTo === "manager" ? manager : ctx.config.teams[breach.escalateTo] ? ctx.config.teams[breach.escalateTo].manager : breach.escalateTo;
    if (to) out.escalateTo = to;
  }
  /** @type {Record<string, string | undefined>} */
  const named = { owner: pick.owner, manager, backup };
  out.notify = (breach.notify || []).map((n) => (n in named ? named[n] : n)).filter(Boolean);
  return out;
}
