// Turns the TypeScript types Grafana publishes on npm into JSON Schemas (draft-07, additionalProperties: false):
// the dashboard model and panels from @grafana/schema, panel options of the panel types the dashboards use, and the
// Prometheus query from @grafana/grafana-foundation-sdk. No npm package ships these as JSON Schema.
// Usage: node gen-schemas.mjs OUT_DIR   (about 20 s; DashboardsIT caches OUT_DIR under target/)
import { createGenerator } from 'ts-json-schema-generator';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2] ?? join(here, 'node_modules', '.schemas');
const types = join(here, 'node_modules', '@grafana', 'schema', 'dist', 'types', 'raw');
const sdk = join(here, 'node_modules', '@grafana', 'grafana-foundation-sdk', 'dist');

const jobs = [
    [join(types, 'dashboard/x/types.gen.d.ts'), ['Dashboard', 'Panel', 'RowPanel', 'VariableModel', 'AnnotationQuery',
        'FieldConfigSource']],
    [join(types, 'composable/timeseries/panelcfg/x/types.gen.d.ts'), ['Options', 'FieldConfig'], 'timeseries.'],
    [join(types, 'composable/stat/panelcfg/x/types.gen.d.ts'), ['Options'], 'stat.'],
    [join(types, 'composable/bargauge/panelcfg/x/types.gen.d.ts'), ['Options'], 'bargauge.'],
    [join(sdk, 'prometheus/types.gen.d.ts'), ['Dataquery'], 'prometheus.'],
];

mkdirSync(out, { recursive: true });
for (const [path, names, prefix = ''] of jobs) {
    const generator = createGenerator({ path, expose: 'none', skipTypeCheck: true, topRef: false });
    for (const name of names) {
        const schema = generator.createSchema(name);
        writeFileSync(join(out, `${prefix}${name}.json`), JSON.stringify(schema, null, 1));
        console.log(`schema ${prefix}${name}`);
    }
}
