// Writes every dashboard expression as a Prometheus recording rule, so `promtool check rules OUT` parses and
// type-checks them with the real Prometheus parser (rate() of an instant vector, a missing paren, a bad matcher).
// Usage: node promql-rules.mjs OUT.yml DASHBOARD.json...
import { writeFileSync } from 'node:fs';
import { queriesOf, substitute } from './queries.mjs';

const [out, ...files] = process.argv.slice(2);
if (!out || files.length === 0) {
    console.error('usage: node promql-rules.mjs OUT.yml DASHBOARD.json...');
    process.exit(2);
}
const lines = ['# Generated from the dashboards by dashboards/check/promql-rules.mjs; checked with promtool.', 'groups:'];
let n = 0;
for (const file of files) {
    const queries = queriesOf(file);
    lines.push(`  - name: ${JSON.stringify(queries[0]?.file ?? file)}`, '    rules:');
    for (const query of queries) {
        n++;
        lines.push(`      # ${query.where.replace(/\n/g, ' ')}`);
        lines.push(`      - record: dashboard_query_${n}`);
        lines.push(`        expr: ${JSON.stringify(substitute(query.expr ?? ""))}`);
    }
}
writeFileSync(out, `${lines.join('\n')}\n`);
console.log(`${n} expressions from ${files.length} dashboards -> ${out}`);
