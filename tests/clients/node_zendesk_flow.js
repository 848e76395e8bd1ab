// node-zendesk (npm), unchanged, against the sandbox: the routes an integration uses, both
// paginations, the errors as node-zendesk reports them, and the first half of the loop.
// Run by tests/real_clients.rs.
//
// Usage: node node_zendesk_flow.js BASE_URL [flow|loop-setup]
// Prints one line per check: RESULT <tab> node-zendesk <tab> <route> <tab> ok|FAIL <tab> detail.
'use strict';

const zendesk = require('node-zendesk');

const BASE = process.argv[2].replace(/\/$/, '');
const MODE = process.argv[3] || 'flow';
const API = `${BASE}/api/v2`;

function client(extra = {}) {
  return zendesk.createClient({
    username: 'admin@sandbox.test',
    token: 'sandbox-zendesk-token',
    endpointUri: API,
    // The original error (Error with statusCode and result), not a rewrapped message.
    throwOriginalException: true,
    ...extra,
  });
}

const z = client();
let failures = 0;

async function check(route, fn) {
  try {
    const detail = await fn();
    console.log(`RESULT\tnode-zendesk\t${route}\tok\t${detail || ''}`);
  } catch (e) {
    failures += 1;
    const where = (e.stack || '').split('\n').slice(0, 3).join(' / ');
    console.log(`RESULT\tnode-zendesk\t${route}\tFAIL\t${where} ${JSON.stringify(e.result || '')}`);
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

const state = {};

async function flow() {
  await check('POST /tickets', async () => {
    state.ids = [];
    for (let i = 0; i < 5; i++) {
      const { result } = await z.tickets.create({
        ticket: {
          subject: `Node ticket ${i}`,
          comment: { body: `Body ${i}` },
          tags: i < 2 ? ['vip', 'node'] : ['node'],
          external_id: `nz-${i}`,
          requester: { name: `Lin ${i}`, email: `lin${i}@example.com` },
        },
      });
      expect(result.id > 0, result);
      state.ids.push(result.id);
    }
    return `ids ${state.ids}`;
  });

  await check('PUT /tickets/{id} (audit)', async () => {
    const { response, result } = await z.tickets.update(state.ids[0], {
      ticket: { status: 'pending', comment: { body: 'Waiting for parts', public: true } },
    });
    expect(result.status === 'pending', result);
    // The audit of that change, read back through node-zendesk's audits list.
    await z.tickets.update(state.ids[0], { ticket: { priority: 'low' } });
    const audits = await z.tickets.exportAudit(state.ids[0]);
    const last = audits[audits.length - 1];
    const change = last.events.find((e) => e.field_name === 'priority');
    expect(change && change.value === 'low' && change.previous_value === null, last);
    const status = audits[audits.length - 2].events.find((e) => e.field_name === 'status');
    expect(status.value === 'pending' && status.previous_value === 'new', audits);
    expect(response.status === 200, response.status);
    return `${audits.length} audits`;
  });

  await check('GET /tickets/{id}', async () => {
    const { result } = await z.tickets.show(state.ids[0]);
    expect(result.status === 'pending' && result.priority === 'low', result);
    return result.subject;
  });

  await check('GET /tickets/show_many', async () => {
    const { result } = await z.tickets.showMany(state.ids.slice(0, 2).join(','));
    expect(result.length === 2, result);
    return `${result.length} tickets`;
  });

  await check('GET /tickets (cursor)', async () => {
    const counts = {};
    for (const size of [1, 2, 100]) {
      const list = await client({ query: { page: { size } } }).tickets.list();
      const ids = list.map((t) => t.id);
      expect(new Set(ids).size === ids.length, `size ${size}: duplicates ${ids}`);
      expect(state.ids.every((id) => ids.includes(id)), `size ${size}: ${ids}`);
      counts[size] = ids.length;
    }
    expect(new Set(Object.values(counts)).size === 1, counts);
    return `page[size] 1, 2, 100 -> ${JSON.stringify(counts)}`;
  });

  await check('GET /tickets/{id}/comments', async () => {
    // Comments are not on node-zendesk's cursor list: it follows next_page.
    const bodies = (await client({ query: { per_page: 1 } }).tickets.getComments(state.ids[0])).map((c) => c.body);
    expect(JSON.stringify(bodies) === JSON.stringify(['Body 0', 'Waiting for parts']), bodies);
    return `${bodies.length} comments, per_page=1`;
  });

  await check('GET /search (offset)', async () => {
    const vip = await z.search.queryAll('type:ticket tags:vip tags:node');
    expect(vip.length === 5, vip.map((t) => t.id));
    const onlyVip = await z.search.queryAll('type:ticket tags:vip -status:pending');
    expect(JSON.stringify(onlyVip.map((t) => t.id)) === JSON.stringify([state.ids[1]]), onlyVip.map((t) => t.id));
    const paged = await client({ query: { per_page: 2 } }).search.queryAll('type:ticket tags:node');
    expect(paged.length === 5, paged.length);
    const { result } = await z.search.showResultsCount('type:ticket external_id:nz-3');
    expect(result.count === 1, result);
    const words = await z.search.queryAll('"Node ticket 4"');
    expect(words.length === 1 && words[0].id === state.ids[4], words);
    return 'tags OR, negation, per_page=2 pages, count, phrase';
  });

  await check('GET /users (cursor)', async () => {
    const counts = {};
    for (const size of [1, 2, 100]) {
      counts[size] = (await client({ query: { page: { size } } }).users.list()).length;
    }
    expect(new Set(Object.values(counts)).size === 1 && counts[1] >= 6, counts);
    return `page[size] 1, 2, 100 -> ${JSON.stringify(counts)}`;
  });

  await check('GET|PUT /users/{id}', async () => {
    const [found] = await z.search.queryAll('type:user email:lin2@example.com');
    const { result } = await z.users.update(found.id, { user: { name: 'Lin Two', external_id: 'lin-2' } });
    expect(result.name === 'Lin Two', result);
    const shown = (await z.users.show(found.id)).result;
    expect(shown.external_id === 'lin-2', shown);
    const many = (await z.users.showMany(`${found.id}`)).result;
    expect(many.length === 1, many);
    return `user ${found.id}`;
  });

  await check('webhooks', async () => {
    const { result } = await z.webhooks.create({
      webhook: {
        name: 'node hook',
        endpoint: `${BASE}/users/track`,
        http_method: 'POST',
        request_format: 'json',
        status: 'active',
        subscriptions: ['conditional_ticket_events'],
      },
    });
    expect(result.id.length === 26, result);
    const list = await z.webhooks.list();
    expect(list.some((w) => w.id === result.id), list);
    await z.webhooks.patch(result.id, { webhook: { status: 'inactive' } });
    expect((await z.webhooks.show(result.id)).result.status === 'inactive', 'patch');
    await z.webhooks.delete(result.id);
    const gone = await rejects(z.webhooks.show(result.id));
    expect(gone.statusCode === 404, gone.statusCode);
    return `webhook ${result.id}: create, list, patch, show, delete`;
  });

  await check('triggers + /triggers/active', async () => {
    const { result } = await z.triggers.create({
      trigger: {
        title: 'node trigger',
        conditions: { all: [{ field: 'status', operator: 'value', value: 'solved' }], any: [] },
        actions: [{ field: 'status', value: 'closed' }],
      },
    });
    expect((await z.triggers.listActive()).some((t) => t.id === result.id), 'active');
    await z.triggers.update(result.id, { trigger: { active: false } });
    expect(!(await z.triggers.listActive()).some((t) => t.id === result.id), 'inactive');
    expect((await z.triggers.list()).some((t) => t.id === result.id), 'list');
    await z.triggers.delete(result.id);
    return `trigger ${result.id}`;
  });

  await check('triggers: search, reorder, updateMany, bulkDelete', async () => {
    const made = [];
    for (const title of ['node bulk A', 'node bulk B', 'other C']) {
      const { result } = await z.triggers.create({
        trigger: {
          title,
          conditions: { all: [{ field: 'priority', operator: 'is', value: 'urgent' }], any: [] },
          actions: [{ field: 'current_tags', value: 'hot' }],
        },
      });
      made.push(result.id);
    }
    const { result: found } = await z.triggers.search('node bulk');
    expect(JSON.stringify(found.map((t) => t.id)) === JSON.stringify(made.slice(0, 2)), found);
    const order = (await z.triggers.list()).map((t) => t.id).reverse();
    await z.triggers.reorder(order);
    const after = (await z.triggers.list()).map((t) => t.id);
    expect(JSON.stringify(after) === JSON.stringify(order), { order, after });
    await z.triggers.updateMany([{ id: made[0], active: false }, { id: made[1], position: 42 }]);
    expect((await z.triggers.show(made[0])).result.active === false, 'updateMany active');
    expect((await z.triggers.show(made[1])).result.position === 42, 'updateMany position');
    // node-zendesk 6.0.1's bulkDelete calls its own delete(id) with the path array (a URL no
    // Zendesk serves): the base client's delete on the documented path, as bulkDelete means.
    const base = Object.getPrototypeOf(Object.getPrototypeOf(z.triggers));
    await base.delete.call(z.triggers, ['triggers', 'destroy_many', { ids: [made[0], made[1]] }]);
    const gone = await rejects(z.triggers.show(made[0]));
    expect(gone.statusCode === 404, gone.statusCode);
    await z.triggers.delete(made[2]);
    return `triggers ${made}`;
  });

  await check('POST|PUT /tickets/{id}/tags', async () => {
    const id = state.ids[2];
    // node-zendesk 6.0.1 types the tags as an array but sends only an object as a body: the
    // documented {"tags": [...]} goes through.
    await z.tickets.addTags(id, { tags: ['added'] });
    let tags = (await z.tickets.show(id)).result.tags;
    expect(tags.includes('added') && tags.includes('node'), tags);
    await z.tickets.updateTags(id, { tags: ['replaced'] });
    tags = (await z.tickets.show(id)).result.tags;
    expect(JSON.stringify(tags) === JSON.stringify(['replaced']), tags);
    return `ticket ${id}: ${tags}`;
  });

  await check('POST /users (duplicate email 422)', async () => {
    const { result } = await z.users.create({ user: { name: 'Nell', email: 'nell@example.com' } });
    expect(result.id > 0 && result.role === 'end-user', result);
    const dup = await rejects(z.users.create({ user: { name: 'Nell 2', email: 'nell@example.com' } }));
    expect(dup.statusCode === 422 && dup.result.details.email[0].error === 'DuplicateValue', dup.result);
    return `user ${result.id}`;
  });

  await check('POST /ticket_fields + custom_fields', async () => {
    const raw = client({ query: {} }).ticketfields;
    const { result: field } = await raw.post(['ticket_fields'], { ticket_field: { type: 'integer', title: 'Order number' } });
    const id = (field.ticket_field || field).id;
    const listed = await z.ticketfields.list();
    expect(listed.some((f) => f.id === id), listed);
    expect((await z.ticketfields.show(id)).result.title === 'Order number', 'show');
    const { result: ticket } = await z.tickets.create({
      ticket: { subject: 'Fields', comment: { body: 'b' }, custom_fields: [{ id, value: '1042' }] },
    });
    expect(ticket.custom_fields.some((f) => f.id === id && f.value === '1042'), ticket.custom_fields);
    const bad = await rejects(z.tickets.update(ticket.id, { ticket: { custom_fields: [{ id, value: 'abc' }] } }));
    expect(bad.statusCode === 422, bad.result);
    return `field ${id}, ticket ${ticket.id}`;
  });

  await check('webhooks: POST signing_secret, invocations filter[status]', async () => {
    const { result: hook } = await z.webhooks.create({
      webhook: {
        name: 'node secrets',
        endpoint: `${BASE}/users/track`,
        http_method: 'POST',
        request_format: 'json',
        status: 'active',
        subscriptions: ['conditional_ticket_events'],
      },
    });
    const before = (await z.webhooks.getSigningSecret(hook.id)).result;
    const after = (await z.webhooks.resetSigningSecret(hook.id)).result;
    const secret = (r) => (r.signing_secret || r).secret;
    expect(secret(after) && secret(after) !== secret(before), { before, after });
    const raw = client({ query: {} }).webhooks;
    const listed = (await raw.get(['webhooks', hook.id, 'invocations', { filter: { status: 'failed' } }])).result;
    expect(Array.isArray(listed.invocations || listed), listed);
    await z.webhooks.delete(hook.id);
    return 'reset, filter[status]';
  });

  await check('automations', async () => {
    const automation = (guard) => ({
      automation: {
        title: guard ? 'node: close 4 days after solved' : 'node: no guard',
        conditions: {
          all: [
            { field: 'status', operator: 'is', value: 'solved' },
            { field: 'SOLVED', operator: 'greater_than', value: '96' },
          ],
          any: [],
        },
        actions: guard ? [{ field: 'status', value: 'closed' }] : [{ field: 'priority', value: 'high' }],
      },
    });
    const { result } = await z.automations.create(automation(true));
    expect(result.id > 0 && result.active === true, result);
    expect((await z.automations.list()).some((a) => a.id === result.id), 'list');
    expect((await z.automations.listActive()).some((a) => a.id === result.id), 'active');
    expect((await z.automations.show(result.id)).result.title === 'node: close 4 days after solved', 'show');
    const found = await z.automations.search({ query: 'close 4 days' });
    const ids = found.flatMap((p) => p.automations || p).map((a) => a.id);
    expect(JSON.stringify(ids) === JSON.stringify([result.id]), found);
    const refused = await rejects(z.automations.create(automation(false)));
    expect(refused.statusCode === 422 && refused.result.error === 'RecordInvalid', refused.result);
    await z.automations.update(result.id, { automation: { active: false } });
    expect(!(await z.automations.listActive()).some((a) => a.id === result.id), 'inactive');
    // The bulk routes: a second automation, reorder, updateMany, bulkDelete.
    const second = automation(true);
    second.automation.title = 'node: pending reminder';
    second.automation.conditions.all = [
      { field: 'status', operator: 'is', value: 'pending' },
      { field: 'PENDING', operator: 'is', value: '48' },
    ];
    const { result: other } = await z.automations.create(second);
    await z.automations.reorder([other.id, result.id]);
    expect((await z.automations.show(other.id)).result.position === 1, 'reorder');
    await z.automations.updateMany([{ id: result.id, active: true, position: 5 }]);
    expect((await z.automations.show(result.id)).result.position === 5, 'updateMany');
    await z.automations.bulkDelete([other.id]);
    const goneOther = await rejects(z.automations.show(other.id));
    expect(goneOther.statusCode === 404, goneOther.statusCode);
    await z.automations.delete(result.id);
    const gone = await rejects(z.automations.show(result.id));
    expect(gone.statusCode === 404, gone.statusCode);
    return `automation ${result.id}: create, list, active, show, search, 422, update, reorder, updateMany, bulkDelete, delete`;
  });

  await check('custom statuses + status_category', async () => {
    // node-zendesk 6.0.1 has no custom status API: its transport on the documented paths.
    const raw = client({ query: {} }).tickets;
    const listed = (await raw.get(['custom_statuses'])).result;
    const all = listed.custom_statuses || listed;
    expect(all.length >= 5, listed);
    const made = (await raw.post(['custom_statuses'], { custom_status: { status_category: 'open', agent_label: 'In progress' } })).result;
    const id = (made.custom_status || made).id;
    const bad = await rejects(raw.post(['custom_statuses'], { custom_status: { status_category: 'open' } }));
    expect(bad.statusCode === 422, bad.statusCode);
    const { result: trig } = await z.triggers.create({
      trigger: {
        title: 'node status category',
        conditions: { all: [{ field: 'status_category', operator: 'value', value: 'solved' }], any: [] },
        actions: [{ field: 'current_tags', value: 'category_solved' }],
      },
    });
    const { result: t } = await z.tickets.create({ ticket: { subject: 'Category', comment: { body: 'b' } } });
    const { result: solved } = await z.tickets.update(t.id, { ticket: { status: 'solved', assignee_id: 3700000000001 } });
    expect(solved.tags.includes('category_solved'), solved.tags);
    await z.triggers.delete(trig.id);
    return `status ${id}; status_category trigger fired`;
  });

  await check('trigger categories', async () => {
    // node-zendesk has no category API: its transport on the documented paths (no .json).
    const raw = client({ query: {} }).webhooks;
    // The base class's verbs: Webhooks overrides patch() for its own path.
    const base = Object.getPrototypeOf(Object.getPrototypeOf(raw));
    const created = (await raw.post(['trigger_categories'], { trigger_category: { name: 'node' } })).result;
    const id = created.trigger_category.id;
    const shown = (await raw.get(['trigger_categories', id])).result;
    expect(shown.trigger_category.name === 'node', shown);
    const patched = (await base.patch.call(raw, ['trigger_categories', id], { trigger_category: { position: 9 } })).result;
    expect(patched.trigger_category.position === 9, patched);
    // Cursor pages of one, followed through links.next.
    const pages = await client({ query: { page: { size: 1 } } }).webhooks.getAll(['trigger_categories']);
    const names = pages.flatMap((p) => p.trigger_categories || []).map((c) => c.name);
    expect(names.length >= 2 && names.includes('node'), names);
    return `category ${id}`;
  });

  await check('DELETE /tickets/{id}', async () => {
    await z.tickets.delete(state.ids[4]);
    const e = await rejects(z.tickets.show(state.ids[4]));
    expect(e.statusCode === 404 && e.result.error === 'RecordNotFound', e.result);
    return `ticket ${state.ids[4]}`;
  });

  await check('errors', async () => {
    const missing = await rejects(z.tickets.show(987654321));
    expect(missing instanceof Error && missing.statusCode === 404 && missing.result.error === 'RecordNotFound', missing.result);
    const route = await rejects(z.tickets.get(['no_such_route']));
    expect(route.statusCode === 404 && route.result.error === 'InvalidEndpoint', route.result);
    const invalid = await rejects(z.tickets.create({ ticket: { subject: 'x', comment: { body: 'b' }, priority: 'Urgent!' } }));
    expect(invalid.statusCode === 422 && invalid.result.details.priority[0].description === 'Priority: is invalid', invalid.result);
    const wrong = zendesk.createClient({ username: 'admin@sandbox.test', token: 'nope', endpointUri: API, throwOriginalException: true });
    const denied = await rejects(wrong.tickets.show(state.ids[0]));
    expect(denied.statusCode === 401, denied.statusCode);
    const { response } = await z.tickets.show(state.ids[0]);
    expect(Number(response.headers.get('x-rate-limit')) > 0 && response.headers.get('x-rate-limit-remaining') !== null, 'rate-limit headers');
    return 'Error.statusCode 404 RecordNotFound / InvalidEndpoint, 422 RecordInvalid, 401';
  });
}

async function loopSetup() {
  // The Zendesk half of the loop: a webhook to Braze's /users/track, a trigger on solved, a
  // ticket whose requester carries the Braze external_id, solved.
  await check('loop: webhook + trigger + solve', async () => {
    const { result: user } = await z.users.createOrUpdate({ user: { name: 'Ada', email: 'ada@loop.test', external_id: 'user-1042' } });
    const { result: hook } = await z.webhooks.create({
      webhook: {
        name: 'Braze loop',
        endpoint: `${BASE}/users/track`,
        http_method: 'POST',
        request_format: 'json',
        status: 'active',
        subscriptions: ['conditional_ticket_events'],
        authentication: { type: 'bearer_token', data: { token: 'sandbox-braze-key' }, add_position: 'header' },
      },
    });
    const body = '{"events": [{"external_id": "{{ticket.requester.external_id}}", "name": "zendesk_ticket_solved", "time": "{{ticket.updated_at_with_timestamp}}", "properties": {"ticket_id": "{{ticket.id}}"}}]}';
    await z.triggers.create({
      trigger: {
        title: 'Solved to Braze',
        conditions: { all: [{ field: 'status', operator: 'value', value: 'solved' }], any: [] },
        actions: [{ field: 'notification_webhook', value: [hook.id, body] }],
      },
    });
    const { result: ticket } = await z.tickets.create({ ticket: { subject: 'Loop', comment: { body: 'b' }, requester_id: user.id } });
    await z.tickets.update(ticket.id, { ticket: { status: 'solved', assignee_id: 3700000000001 } });
    return `ticket ${ticket.id}`;
  });
}

(MODE === 'loop-setup' ? loopSetup() : flow()).then(
  () => process.exit(failures ? 1 : 0),
  (e) => {
    console.log(`RESULT\tnode-zendesk\trun\tFAIL\t${e.stack}`);
    process.exit(1);
  },
);
