import { Type } from 'typebox';
import { CompatibilityView } from './plugins.schemas.ts';

const PackageName = Type.String({
  pattern: '^(@[a-z0-9-~][a-z0-9-._~]*/)?[a-z0-9-~][a-z0-9-._~]*$',
  maxLength: 214,
  description: 'npm package name',
});
const Version = Type.String({ pattern: '^\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?$', maxLength: 64, description: 'An exact published version' });
const Hosts = Type.Array(Type.String({ maxLength: 253 }), {
  maxItems: 50,
  description: "Hosts of the signed manifest's `egress` the owner approves the plugin to reach",
});

export const CatalogueEntryView = Type.Object({
  package: Type.String(),
  description: Type.String(),
  latest: Type.Union([Type.String(), Type.Null()]),
  versions: Type.Array(Type.String(), { description: 'Published versions, newest first' }),
  installed: Type.Union([Type.Object({ plugin: Type.String(), version: Type.String() }), Type.Null()], {
    description: 'What this organisation installed of the package, if anything',
  }),
});

export const InstallView = Type.Object({
  plugin: Type.String({ description: 'The plugin name (configure it at /v1/plugins/{plugin})' }),
  package: Type.String(),
  version: Type.String(),
  egressApproved: Type.Array(Type.String()),
  installedAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const VersionReportView = Type.Intersect([
  CompatibilityView,
  Type.Object({
    package: Type.String(),
    version: Type.String(),
    plugin: Type.String(),
    egress: Type.Array(Type.String(), { description: 'Hosts the signed manifest declares; approve them to install or upgrade' }),
  }),
]);

export const ReportQuery = Type.Object({ package: PackageName, version: Version }, { additionalProperties: false });

export const InstallBody = Type.Object(
  { package: PackageName, version: Version, approveEgress: Type.Optional(Hosts) },
  { additionalProperties: false },
);

export const UpgradeBody = Type.Object(
  {
    version: Version,
    approveEgress: Type.Optional(Hosts),
    acceptReport: Type.Optional(Type.Boolean({ description: 'Upgrade although the compatibility report found problems' })),
  },
  { additionalProperties: false },
);
