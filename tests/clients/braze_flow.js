// braze-api (npm), unchanged, against the sandbox: /users/track and /users/export/ids, the
// errors as braze-api reports them (ResponseError with status), and the Braze half of the loop.
// Run by tests/real_clients.rs.
//
// Usage: node braze_flow.js BASE_URL [flow|loop-check]
// Prints one line per check: RESULT <tab> braze-api <tab> <route> <tab> ok|FAIL <tab> detail.
'use strict';

const { Braze } = require('braze-api');

const BASE = process.argv[2].replace(/\/$/, '');
const MODE = process.argv[3] || 'flow';
const braze = new Braze(BASE, 'sandbox-braze-key');
let failures = 0;

async function check(route, fn) {
  try {
    const detail = await fn();
    console.log(`RESULT\tbraze-api\t${route}\tok\t${detail || ''}`);
  } catch (e) {
    failures += 1;
    console.log(`RESULT\tbraze-api\t${route}\tFAIL\t${(e.stack || String(e)).split('\n').slice(0, 3).join(' / ')}`);
  }
}

function expect(ok, message) {
  if (!ok) throw new Error(typeof message === 'string' ? message : JSON.stringify(message));
}

async function rejects(promise) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  throw new Error('no error');
}

async function flow() {
  await check('POST /users/track', async () => {
    const r = await braze.users.track({
      attributes: [{ external_id: 'bz-1', first_name: 'Bea', plan: 'pro' }],
      events: [{ external_id: 'bz-1', name: 'signed_up', time: '2026-01-02T03:04:05Z', properties: { source: 'node' } }],
      purchases: [{ external_id: 'bz-1', product_id: 'p1', currency: 'EUR', price: 9.5, time: '2026-01-02T03:04:05Z' }],
    });
    expect(r.message === 'success' && r.events_processed === 1 && r.attributes_processed === 1, r);
    return JSON.stringify(r);
  });

  await check('POST /users/export/ids', async () => {
    const r = await braze.users.export.ids({ external_ids: ['bz-1', 'nobody'], fields_to_export: ['external_id', 'first_name', 'custom_events', 'custom_attributes'] });
    expect(r.users.length === 1 && r.users[0].first_name === 'Bea', r);
    expect(r.users[0].custom_events[0].name === 'signed_up', r.users[0]);
    expect(r.invalid_user_ids[0] === 'nobody', r);
    return `${r.users.length} user`;
  });

  await check('errors', async () => {
    const tooMany = await rejects(braze.users.track({ events: Array.from({ length: 76 }, (_, i) => ({ external_id: `u${i}`, name: 'e', time: '2026-01-01T00:00:00Z' })) }));
    expect(tooMany.constructor.name === 'ResponseError' && tooMany.status === 400, [tooMany.constructor.name, tooMany.status]);
    const wrongKey = await rejects(new Braze(BASE, 'wrong').users.track({ events: [] }));
    expect(wrongKey.constructor.name === 'ResponseError' && wrongKey.status === 401, [wrongKey.status, wrongKey.message]);
    const noTrack = await rejects(new Braze(BASE, 'sandbox-braze-key-no-track').users.track({ events: [{ external_id: 'x', name: 'e', time: '2026-01-01T00:00:00Z' }] }));
    expect(noTrack.status === 403, noTrack.status);
    // Refused objects inside a 201 are listed, not thrown (as Braze does).
    const partial = await braze.users.track({ events: [{ external_id: 'x', name: 'e' }] });
    expect(partial.errors && partial.errors[0].input_array === 'events', partial);
    return 'ResponseError 400 / 401 / 403, errors[] inside a 201';
  });
}

async function loopCheck() {
  await check('loop: Braze event arrived', async () => {
    const r = await braze.users.export.ids({ external_ids: ['user-1042'] });
    const events = (r.users[0] && r.users[0].custom_events) || [];
    const solved = events.find((e) => e.name === 'zendesk_ticket_solved');
    expect(solved && solved.count === 1, events);
    return `zendesk_ticket_solved count ${solved.count}`;
  });
}

(MODE === 'loop-check' ? loopCheck() : flow()).then(
  () => process.exit(failures ? 1 : 0),
  (e) => {
    console.log(`RESULT\tbraze-api\trun\tFAIL\t${e.stack}`);
    process.exit(1);
  },
);
