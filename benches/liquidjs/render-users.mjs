// The whole-process twin of `zenbraze render --users`: LiquidJS 10 reads the ticket template,
// the render context and a users file, renders every user and writes one JSON line per user.
// Usage: NODE_PATH=<dir with liquidjs>/node_modules node benches/liquidjs/render-users.mjs USERS.json > out.jsonl
// (benches/whole-process.sh times it next to zenbraze on the same file.)
import { readFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Liquid } = require('liquidjs');
const here = new URL('.', import.meta.url);
const raw = readFileSync(new URL('../../assets/presets/ticket.liquid', here), 'utf8');
const context = JSON.parse(readFileSync(new URL('../../assets/examples/context.json', here), 'utf8'));
const users = JSON.parse(readFileSync(process.argv[2], 'utf8'));

// `${...}` spelt as the plain variables LiquidJS knows (see bench.mjs).
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
engine.registerTag('abort_message', { parse() {}, render() { return ''; } });
engine.registerFilter('json_escape', (s) => JSON.stringify(String(s ?? '')).slice(1, -1));
const parsed = engine.parse(template);
const lines = [];
for (const user of users) {
  const output = engine.renderSync(parsed, { user, event_properties: context.event_properties, campaign: context.campaign });
  lines.push(JSON.stringify({ user: user.external_id, output, error: null, aborted: null }));
}
writeSync(1, lines.join('\n') + '\n');
