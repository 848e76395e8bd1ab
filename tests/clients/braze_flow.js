// braze-api (npm), unchanged, against the sandbox: /users/track and /users/export/ids, a
// webhook message through /messages/send, the errors as braze-api reports them (ResponseError
// with status), the Content Blocks
// (/content_blocks/create, list, info, update) and the Braze half of the loop.
// Run by tests/real_clients.rs.
//
// Usage: node braze_flow.js BASE_URL [flow|content-blocks|drift|loop-check]
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

  await check('POST /users/track: array add/remove', async () => {
    await braze.users.track({ attributes: [{ external_id: 'bz-1', topics: ['billing', 'login'] }] });
    await braze.users.track({ attributes: [{ external_id: 'bz-1', topics: { add: ['refunds'] } }] });
    await braze.users.track({ attributes: [{ external_id: 'bz-1', topics: { remove: ['login'] } }] });
    const r = await braze.users.export.ids({ external_ids: ['bz-1'], fields_to_export: ['custom_attributes'] });
    const topics = r.users[0].custom_attributes.topics;
    expect(JSON.stringify(topics) === JSON.stringify(['billing', 'refunds']), topics);
    return JSON.stringify(topics);
  });

  await check('POST /users/track: _update_existing_only', async () => {
    const r = await braze.users.track({
      attributes: [
        { external_id: 'bz-1', plan: 'team', _update_existing_only: true },
        { external_id: 'bz-nobody', plan: 'team', _update_existing_only: true },
      ],
    });
    expect(r.message === 'success', r);
    const e = await braze.users.export.ids({ external_ids: ['bz-1', 'bz-nobody'], fields_to_export: ['external_id', 'custom_attributes'] });
    expect(e.users.length === 1 && e.users[0].custom_attributes.plan === 'team', e.users);
    expect(e.invalid_user_ids[0] === 'bz-nobody', e);
    return 'the existing user changed, the unknown one was not created';
  });

  await check('POST /messages/send (webhook)', async () => {
    const auth = Buffer.from('admin@sandbox.test/token:sandbox-zendesk-token').toString('base64');
    const r = await braze.messages.send({
      external_user_ids: ['user-1042'],
      messages: {
        webhook: {
          url: `${BASE}/api/v2/tickets.json`,
          request_method: 'POST',
          request_headers: { 'Content-Type': 'application/json', Authorization: `Basic ${auth}` },
          body: '{"ticket": {"subject": "From braze-api for {{${first_name}}}", "comment": {"body": "hi"}}}',
        },
      },
    });
    expect(r.message === 'success' && typeof r.dispatch_id === 'string', r);
    // Braze sends after answering: wait for the ticket (at most 10 s).
    for (let i = 0; i < 100; i += 1) {
      const state = await (await fetch(`${BASE}/__sandbox/state`)).json();
      const t = state.tickets.find((x) => x.subject === 'From braze-api for Ada');
      if (t) return `dispatch ${r.dispatch_id}: ticket ${t.id}`;
      await new Promise((done) => setTimeout(done, 100));
    }
    throw new Error('no ticket arrived');
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

async function contentBlocks() {
  const body = '{"ticket": {"subject": "Hello {{${first_name}}}"}}';
  let id;
  await check('POST /content_blocks/create', async () => {
    const r = await braze.templates.content_blocks.create({
      name: 'zendesk_ticket_body', description: 'made by braze-api', content: body, state: 'active', tags: ['zenbraze'],
    });
    expect(r.message === 'success' && typeof r.content_block_id === 'string', r);
    expect(r.liquid_tag === '{{content_blocks.${zendesk_ticket_body}}}', r.liquid_tag);
    id = r.content_block_id;
    const taken = await rejects(braze.templates.content_blocks.create({ name: 'zendesk_ticket_body', content: 'x' }));
    expect(taken.constructor.name === 'ResponseError' && taken.status === 400, [taken.status, taken.message]);
    const badTag = await rejects(braze.templates.content_blocks.create({ name: 'other', content: 'x', tags: ['no-such-tag'] }));
    expect(badTag.status === 400, [badTag.status, badTag.message]);
    return `${r.liquid_tag}; a taken name and an unknown tag are 400`;
  });

  await check('GET /content_blocks/list', async () => {
    const r = await braze.templates.content_blocks.list({ limit: 1000 });
    expect(r.count === 1 && r.content_blocks[0].content_block_id === id, r);
    expect(r.content_blocks[0].name === 'zendesk_ticket_body' && r.content_blocks[0].tags[0] === 'zenbraze', r.content_blocks[0]);
    const zero = await rejects(braze.templates.content_blocks.list({ offset: 0 }));
    expect(zero.status === 400 && /Offset must be greater than 0/.test(zero.message), [zero.status, zero.message]);
    return `${r.count} block; offset=0 is 400`;
  });

  await check('GET /content_blocks/info', async () => {
    const r = await braze.templates.content_blocks.get({ content_block_id: id, include_inclusion_data: true });
    expect(r.content === body && r.description === 'made by braze-api' && r.content_type === 'text', r);
    expect(Array.isArray(r.inclusion_data), r);
    return r.name;
  });

  await check('POST /content_blocks/update', async () => {
    const r = await braze.templates.content_blocks.update({ content_block_id: id, content: '{"ticket": {}}', state: 'draft' });
    expect(r.message === 'success' && r.content_block_id === id, r);
    const info = await braze.templates.content_blocks.get({ content_block_id: id });
    expect(info.content === '{"ticket": {}}' && info.description === 'made by braze-api', info);
    const unknown = await rejects(braze.templates.content_blocks.update({ content_block_id: 'nope', content: 'x' }));
    expect(unknown.status === 400, [unknown.status, unknown.message]);
    return 'content changed, description kept; an unknown id is 400';
  });
}

// Someone edits the block zenbraze published (tests/real_clients.rs then runs `publish --plan`).
async function drift() {
  await check('POST /content_blocks/update (drift)', async () => {
    const list = await braze.templates.content_blocks.list({ limit: 1000 });
    const block = list.content_blocks.find((b) => b.name === 'zendesk_ticket_body');
    expect(block, list);
    const r = await braze.templates.content_blocks.update({ content_block_id: block.content_block_id, content: 'edited through braze-api' });
    expect(r.message === 'success', r);
    return block.content_block_id;
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

const modes = { flow, 'content-blocks': contentBlocks, drift, 'loop-check': loopCheck };
(modes[MODE] || flow)().then(
  () => process.exit(failures ? 1 : 0),
  (e) => {
    console.log(`RESULT\tbraze-api\trun\tFAIL\t${e.stack}`);
    process.exit(1);
  },
);
