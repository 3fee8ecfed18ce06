// Policy checks over one environment's manifests (every layer of an overlay together): what a
// reviewer would otherwise have to catch by eye. Each function returns human-readable violations.
import { describe, type K8sResource } from './k8s-manifests.ts';
import { pluginRuntimeViolations } from './k8s-runtime-policy.ts';

interface Container {
  name: string;
  image?: string;
  env?: { name: string; value?: string; valueFrom?: unknown }[];
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
  livenessProbe?: unknown;
  readinessProbe?: unknown;
  lifecycle?: { preStop?: { sleep?: { seconds?: number } } };
  securityContext?: SecurityContext;
}
interface SecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  readOnlyRootFilesystem?: boolean;
  allowPrivilegeEscalation?: boolean;
  capabilities?: { drop?: string[] };
  seccompProfile?: { type?: string };
}
interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  securityContext?: SecurityContext;
  terminationGracePeriodSeconds?: number;
}
interface PodTemplate {
  metadata?: { labels?: Record<string, string> };
  spec: PodSpec;
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']);
const SECRET_LIKE_NAME = /SECRET|PASSWORD|PASSWD|TOKEN|API_?KEY|PRIVATE_KEY|ACCESS_KEY|CREDENTIAL/i;
const URL_WITH_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i;

export function podTemplateOf(resource: K8sResource): PodTemplate | null {
  if (!WORKLOAD_KINDS.has(resource.kind)) return null;
  const spec = resource.spec as { template?: PodTemplate; jobTemplate?: { spec: { template: PodTemplate } } };
  return resource.kind === 'CronJob' ? (spec.jobTemplate?.spec.template ?? null) : (spec.template ?? null);
}

/** A tag other than `latest`, or a digest. */
export function isPinnedImage(image: string | undefined): boolean {
  if (image === undefined) return false;
  if (image.includes('@sha256:')) return true;
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.indexOf(':');
  return colon > 0 && lastSegment.slice(colon + 1) !== 'latest' && lastSegment.slice(colon + 1) !== '';
}

/** `runsToCompletion`: a Job's container or an init container, which Kubernetes does not probe. */
function containerViolations(where: string, container: Container, pod: PodSpec, runsToCompletion: boolean): string[] {
  const problems: string[] = [];
  const at = `${where} container ${container.name}`;
  for (const kind of ['requests', 'limits'] as const)
    for (const resource of ['cpu', 'memory'])
      if (container.resources?.[kind]?.[resource] === undefined) problems.push(`${at}: no ${resource} ${kind}`);
  if (!runsToCompletion && container.livenessProbe === undefined) problems.push(`${at}: no liveness probe`);
  if (!runsToCompletion && container.readinessProbe === undefined) problems.push(`${at}: no readiness probe`);
  const security = { ...pod.securityContext, ...container.securityContext };
  if (security.runAsNonRoot !== true) problems.push(`${at}: runAsNonRoot is not true`);
  if (security.runAsUser === 0) problems.push(`${at}: runs as uid 0`);
  if (container.securityContext?.readOnlyRootFilesystem !== true) problems.push(`${at}: root filesystem is writable`);
  if (container.securityContext?.allowPrivilegeEscalation !== false) problems.push(`${at}: allowPrivilegeEscalation is not false`);
  if (!(container.securityContext?.capabilities?.drop ?? []).includes('ALL')) problems.push(`${at}: capabilities not dropped (drop: [ALL])`);
  if (security.seccompProfile?.type !== 'RuntimeDefault') problems.push(`${at}: seccomp profile is not RuntimeDefault`);
  if (!isPinnedImage(container.image)) problems.push(`${at}: image "${container.image}" is not pinned to a tag or digest (or is latest)`);
  for (const variable of container.env ?? []) {
    const literal = variable.value ?? '';
    if (literal !== '' && (SECRET_LIKE_NAME.test(variable.name) || URL_WITH_PASSWORD.test(literal)))
      problems.push(`${at}: env ${variable.name} is a plain-text secret; use valueFrom.secretKeyRef`);
  }
  const sleep = container.lifecycle?.preStop?.sleep?.seconds;
  if (sleep !== undefined && sleep >= (pod.terminationGracePeriodSeconds ?? 30))
    problems.push(`${at}: preStop sleep (${sleep}s) uses the whole termination grace period`);
  return problems;
}

export function workloadViolations(resources: K8sResource[]): string[] {
  const problems: string[] = [];
  for (const resource of resources) {
    const template = podTemplateOf(resource);
    if (template === null) continue;
    const isJob = resource.kind === 'Job' || resource.kind === 'CronJob';
    for (const container of template.spec.initContainers ?? [])
      problems.push(...containerViolations(describe(resource), container, template.spec, true));
    for (const container of template.spec.containers) problems.push(...containerViolations(describe(resource), container, template.spec, isJob));
  }
  return problems;
}

/** Secrets are referenced, never committed: no Secret carries data, no ConfigMap holds a credential. */
export function secretViolations(resources: K8sResource[]): string[] {
  const problems: string[] = [];
  for (const resource of resources) {
    if (resource.kind === 'Secret' && (resource.data !== undefined || resource.stringData !== undefined))
      problems.push(`${describe(resource)}: committed Secret with data; reference it and document it in deploy/k8s/secrets.example.yaml`);
    if (resource.kind === 'ConfigMap')
      for (const [key, value] of Object.entries((resource.data as Record<string, string> | undefined) ?? {}))
        if (SECRET_LIKE_NAME.test(key) || URL_WITH_PASSWORD.test(value)) problems.push(`${describe(resource)}: key ${key} looks like a secret`);
  }
  return problems;
}

function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

/** Multi-replica Deployments keep capacity through node drains and rollouts, and spread over nodes. */
export function availabilityViolations(resources: K8sResource[]): string[] {
  const problems: string[] = [];
  const budgets = resources.filter((resource) => resource.kind === 'PodDisruptionBudget');
  for (const deployment of resources.filter((resource) => resource.kind === 'Deployment')) {
    const spec = deployment.spec as {
      replicas?: number;
      strategy?: { rollingUpdate?: { maxUnavailable?: number | string } };
      template: PodTemplate & { spec: { topologySpreadConstraints?: unknown[] } };
    };
    if ((spec.replicas ?? 1) < 2) continue;
    const labels = spec.template.metadata?.labels ?? {};
    const covered = budgets.some((budget) =>
      selects((budget.spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels, labels),
    );
    if (!covered) problems.push(`${describe(deployment)}: ${spec.replicas} replicas but no PodDisruptionBudget selects its pods`);
    if (spec.strategy?.rollingUpdate?.maxUnavailable !== 0)
      problems.push(`${describe(deployment)}: rolling update may take pods away (maxUnavailable is not 0)`);
    if ((spec.template.spec.topologySpreadConstraints ?? []).length === 0)
      problems.push(`${describe(deployment)}: replicas are not spread across nodes`);
  }
  return problems;
}

/** A NetworkPolicy that selects every pod, covers both directions and allows nothing. */
export function defaultDenyViolations(resources: K8sResource[]): string[] {
  const denies = resources.some((resource) => {
    if (resource.kind !== 'NetworkPolicy') return false;
    const spec = resource.spec as { podSelector?: Record<string, unknown>; policyTypes?: string[]; ingress?: unknown[]; egress?: unknown[] };
    const selectsAll = Object.keys(spec.podSelector ?? { none: true }).length === 0;
    const both = (spec.policyTypes ?? []).includes('Ingress') && (spec.policyTypes ?? []).includes('Egress');
    return selectsAll && both && (spec.ingress ?? []).length === 0 && (spec.egress ?? []).length === 0;
  });
  return denies ? [] : ['no default-deny NetworkPolicy (podSelector {}, policyTypes Ingress and Egress, no rules)'];
}

export function policyViolations(resources: K8sResource[]): string[] {
  return [
    ...workloadViolations(resources),
    ...secretViolations(resources),
    ...availabilityViolations(resources),
    ...defaultDenyViolations(resources),
    ...pluginRuntimeViolations(resources),
  ];
}
