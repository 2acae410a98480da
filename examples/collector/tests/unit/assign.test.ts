// Assignment rules (store/assign.ts): a new case goes to whoever the first matching rule finds — a
// team, a person, the team's agent whose turn it is (round-robin by the oldest last assignment), or
// the manager of the technician the answer names — with a history entry saying which rule; a rule
// that finds nobody falls through; a bad rule is refused naming it.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseAssignRules } from '../../src/store/assign.ts';
import { addPerson, ADMIN, response, startCollector, type Running } from '../support/harness.ts';

let k: Running;
const people: Record<string, string> = {};
beforeAll(async () => {
  k = await startCollector();
  for (const [name, role, team] of [['kai', 'agent', 'Berlin'], ['ina', 'agent', 'Berlin'], ['mia', 'manager', 'Berlin'], ['li', 'agent', 'Shanghai'], ['wu', 'manager', 'Shanghai']] as const) {
    people[name] = (await addPerson(k.url, { email: `${name}@shop.example`, name: name.toUpperCase(), role, team })).owner;
  }
  const res = await fetch(`${k.url}/v1/followup/rules`, {
    method: 'PUT', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ assign: 'meta.technician=LI -> manager-of:meta.technician; meta.vip=yes -> person:mia@shop.example; meta.store=Berlin -> round-robin:Berlin; meta.store=Nowhere -> team:Nowhere; else team:Shanghai' }),
  });
  expect(res.status).toBe(200);
});
afterAll(() => k?.close());

/** Posts one detractor with this meta; its case's owner and history. */
async function caseFor(meta: Record<string, string>) {
  const r = response({ nps: 2, csat: undefined, meta });
  expect((await k.send({ responses: [r] })).status).toBe(200);
  const { cases } = await k.get('/v1/cases?limit=500');
  const c = cases.find((x: { responseId: string }) => x.responseId === r.id);
  return { ...c, history: (await k.get(`/v1/cases/${c.id}`)).history } as { owner: string | null; history: Array<{ kind: string; note: string | null; to: string | null }> };
}

describe('assignment rules', () => {
  test("the technician's manager, a named person, round-robin in a team, the fallback; each says its rule", async () => {
    const tech = await caseFor({ technician: 'LI', store: 'Berlin' });
    expect(tech.owner).toBe(people.wu);
    expect(tech.history.find((h) => h.kind === 'owner')).toMatchObject({ to: people.wu, note: 'assigned by rule 1 (manager-of:meta.technician)' });
    expect((await caseFor({ vip: 'yes', store: 'Berlin' })).owner).toBe(people.mia);
    // Round-robin among Berlin's agents: kai and ina take turns (the oldest last assignment first, ties by id).
    const turns = [];
    for (let i = 0; i < 4; i++) turns.push((await caseFor({ store: 'Berlin' })).owner);
    expect(new Set(turns)).toEqual(new Set([people.kai, people.ina]));
    expect(turns[0]).not.toBe(turns[1]);
    expect(turns[2]).toBe(turns[0]);
    // A team nobody is in finds nobody: the next rule (here the fallback) takes it.
    expect((await caseFor({ store: 'Nowhere' })).owner).toBe('team:Shanghai');
  });

  test('a bad rule is refused naming it, in the settings and in the parser', async () => {
    const res = await fetch(`${k.url}/v1/followup/rules`, { method: 'PUT', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify({ assign: 'meta.store=Berlin -> team:Berlin; csat=1 -> manager-of:technician' }) });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'assign: rule 2 ("csat=1 -> manager-of:technician"): expected manager-of:meta.KEY (the meta key naming the person); got "technician"' });
    expect(() => parseAssignRules('else team:A; csat=1 -> team:B')).toThrow('rule 1 ("else team:A"): expected "else TARGET" only as the last rule');
    expect(() => parseAssignRules('csat=9 -> team:A')).toThrow(/rule 1/);
    expect(parseAssignRules('meta.store="Bad Homburg" -> team:"Bad Homburg"').text).toBe('meta.store="Bad Homburg" -> team:Bad Homburg');
  });
});
