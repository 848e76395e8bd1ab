// The same ticket template and data as benches/render.rs ("liquid" group), in LiquidJS 10.
// Usage: npm install liquidjs@10 (anywhere), then
//   NODE_PATH=<that>/node_modules node benches/liquidjs/bench.mjs
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Liquid } = require('liquidjs');
const here = new URL('.', import.meta.url);
const raw = readFileSync(new URL('../../assets/presets/ticket.liquid', here), 'utf8');
const user = JSON.parse(readFileSync(new URL('../../assets/examples/user.json', here), 'utf8'));

const replacements = [
  ['{{${first_name}', '{{user.first_name'], ['{{${last_name}', '{{user.last_name'],
  ['{{${email_address}', '{{user.email'], ['{{${user_id}', '{{user.external_id'],
  ['{{${country}', '{{user.country'], ['${date_of_birth}', 'user.dob'],
  ['${email_address}', 'user.email'],
  ['custom_attribute.${plan}', 'user.custom_attributes.plan'],
  ['custom_attribute.${songs}', 'user.custom_attributes.songs'],
  ['custom_attribute.${signup_date}', 'user.custom_attributes.signup_date'],
  ['event_properties.${survey_answer}', 'event_properties.survey_answer'],
  ['event_properties.${score}', 'event_properties.score'], ['campaign.${name}', 'campaign.name'],
];
let template = raw;
for (const [from, to] of replacements) template = template.split(from).join(to);

const engine = new Liquid();
// Braze's abort guard: every benchmarked user has an email, so it never fires.
engine.registerTag('abort_message', { parse() {}, render() { return ''; } });
engine.registerFilter('json_escape', (s) => JSON.stringify(String(s ?? '')).slice(1, -1));
const globals = (u) => ({ user: u, event_properties: { survey_answer: 'no', score: 2 }, campaign: { name: 'App feedback' } });

function time(label, iterations, fn) {
  for (let i = 0; i < Math.min(iterations, 200); i++) fn();
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn();
  const ns = Number(process.hrtime.bigint() - start) / iterations;
  console.log(`${label}: ${(ns / 1000).toFixed(1)} µs`);
  return ns;
}

const vars = globals(user);
time('liquidjs: parse + render one user', 5000, () => engine.parseAndRenderSync(template, vars));
const parsed = engine.parse(template);
time('liquidjs: render one user (parsed once)', 5000, () => engine.renderSync(parsed, vars));
const many = Array.from({ length: 10000 }, (_, i) => globals({ ...user, external_id: `user-${i}`, first_name: `Ada${i}`, email: `ada${i}@example.com` }));
const ns = time('liquidjs: render 10,000 users', 5, () => { for (const v of many) engine.renderSync(parsed, v); });
console.log(`liquidjs: ${(ns / 1e6).toFixed(1)} ms for 10,000 users`);
console.log(engine.renderSync(parsed, vars).slice(0, 200));
