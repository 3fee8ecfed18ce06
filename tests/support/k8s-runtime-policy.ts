// The plugin runtime's isolation (issue 13): its pods run untrusted plugin code, so what they can
// reach is checked here rather than trusted to review. Returns human-readable violations.
import { describe, type K8sResource } from './k8s-manifests.ts';
import { podTemplateOf } from './k8s-policy.ts';

const RUNTIME = 'plugin-runtime';
/** The one Secret its pods may read: the key it shares with its callers. */
const RUNTIME_SECRET = 'mirai-plugin-runtime';
const FORBIDDEN_ENV = ['DATABASE_URL', 'REDIS_URL', 'MIRAI_SECRET_KEY'];
const CALLERS = ['api', 'worker'];

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}
interface Peer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}
interface Rule {
  to?: Peer[];
  from?: Peer[];
  ports?: { port?: number | string; protocol?: string }[];
}
interface PolicySpec {
  podSelector: LabelSelector;
  policyTypes?: string[];
  ingress?: Rule[];
  egress?: Rule[];
}

/** Whether `selector` selects pods labelled `labels` (an empty selector selects every pod). */
export function selectsLabels(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (selector === undefined) return false;
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  const byExpressions = (selector.matchExpressions ?? []).every((expression) => {
    const value = labels[expression.key];
    if (expression.operator === 'In') return value !== undefined && (expression.values ?? []).includes(value);
    if (expression.operator === 'NotIn') return value === undefined || !(expression.values ?? []).includes(value);
    if (expression.operator === 'Exists') return value !== undefined;
    return value === undefined;
  });
  return byLabels && byExpressions;
}

const isDns = (peer: Peer, rule: Rule) =>
  peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'kube-system' &&
  peer.podSelector?.matchLabels?.['k8s-app'] === 'kube-dns' &&
  (rule.ports ?? []).length > 0 &&
  (rule.ports ?? []).every((port) => Number(port.port) === 53);

const runtimeLabels = { 'app.kubernetes.io/name': RUNTIME };

export function pluginRuntimeViolations(resources: K8sResource[]): string[] {
  const problems: string[] = [];
  const deployment = resources.find((resource) => resource.kind === 'Deployment' && resource.metadata.name === RUNTIME);
  if (deployment === undefined) return [`no Deployment/${RUNTIME}`];
  const template = podTemplateOf(deployment);
  const pod = template?.spec as
    | {
        serviceAccountName?: string;
        automountServiceAccountToken?: boolean;
        containers: { name: string; env?: { name: string }[]; envFrom?: unknown[] }[];
      }
    | undefined;
  const at = describe(deployment);
  if (pod?.automountServiceAccountToken !== false) problems.push(`${at}: mounts a service-account token (automountServiceAccountToken is not false)`);
  const account = resources.find((resource) => resource.kind === 'ServiceAccount' && resource.metadata.name === pod?.serviceAccountName);
  if (account === undefined || pod?.serviceAccountName === 'default') problems.push(`${at}: runs under no ServiceAccount of its own`);
  else if ((account as { automountServiceAccountToken?: boolean }).automountServiceAccountToken !== false)
    problems.push(`${describe(account)}: automountServiceAccountToken is not false`);
  for (const container of pod?.containers ?? []) {
    if ((container.envFrom ?? []).length > 0) problems.push(`${at} container ${container.name}: envFrom brings in variables wholesale`);
    for (const variable of container.env ?? [])
      if (FORBIDDEN_ENV.includes(variable.name)) problems.push(`${at} container ${container.name}: gets ${variable.name}`);
  }
  const secrets = JSON.stringify(template).match(/"secretKeyRef":\{"name":"[^"]+"|"secretName":"[^"]+"|"secretRef":\{"name":"[^"]+"/g) ?? [];
  for (const ref of secrets) if (!ref.includes(`"${RUNTIME_SECRET}"`)) problems.push(`${at}: reads another Secret (${ref})`);

  const policies = resources.filter(
    (resource) => resource.kind === 'NetworkPolicy' && selectsLabels((resource.spec as PolicySpec).podSelector, runtimeLabels),
  );
  const workloadsLabels = resources.flatMap((resource) => {
    const labels = podTemplateOf(resource)?.metadata?.labels;
    return labels === undefined || resource.metadata.name === RUNTIME ? [] : [{ name: describe(resource), labels }];
  });
  for (const policy of policies) {
    const spec = policy.spec as PolicySpec;
    for (const rule of spec.egress ?? [])
      for (const peer of rule.to ?? [{}]) {
        if (isDns(peer, rule)) continue;
        if (peer.ipBlock !== undefined) {
          if (/^(0\.0\.0\.0|::)\/0$/.test(peer.ipBlock.cidr)) problems.push(`${describe(policy)}: lets the plugin runtime reach any address`);
          continue;
        }
        // A pod or namespace selector: which of our workloads (postgres, redis, …) it opens.
        const reached = workloadsLabels.filter(({ labels }) => peer.namespaceSelector !== undefined || selectsLabels(peer.podSelector ?? {}, labels));
        problems.push(
          `${describe(policy)}: lets the plugin runtime reach pods (${reached.map(({ name }) => name).join(', ') || 'by selector'}); only DNS and approved addresses`,
        );
      }
    for (const rule of spec.ingress ?? [])
      for (const peer of rule.from ?? [{}]) {
        const fromCallers = peer.ipBlock === undefined && peer.namespaceSelector === undefined && peer.podSelector !== undefined;
        const callers = fromCallers
          ? workloadsLabels.filter(({ labels }) => selectsLabels(peer.podSelector, labels)).map(({ labels }) => labels['app.kubernetes.io/name'])
          : ['anything'];
        if (callers.length === 0 || callers.some((name) => !CALLERS.includes(name ?? '')))
          problems.push(`${describe(policy)}: lets ${callers.join(', ') || 'nothing known'} connect to the plugin runtime; only api and worker may`);
      }
  }
  if (!policies.some((policy) => (policy.spec as PolicySpec).policyTypes?.includes('Egress')))
    problems.push(`no NetworkPolicy limits the egress of ${RUNTIME}`);
  return problems;
}
