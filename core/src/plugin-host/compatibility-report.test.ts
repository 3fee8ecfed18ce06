import { describe, expect, it } from 'vitest';
import { compatibilityReport, type PluginManifest } from './compatibility-report.ts';

const glossary: PluginManifest = {
  name: 'acme-glossary',
  version: '1.0.0',
  engine: '^1.0.0',
  configSchema: { type: 'object', properties: { separator: { type: 'string', maxLength: 1 } }, additionalProperties: false },
};
const stored = [
  { tenantId: 't1', plugin: 'acme-glossary', config: { separator: ';' } },
  { tenantId: 't2', plugin: 'acme-glossary', config: { separator: ',', quote: '"' } },
];

describe('compatibilityReport', () => {
  it('passes the installed set against the current API and the configs it accepted', () => {
    const report = compatibilityReport({ installed: [glossary], apiVersion: '1.4.0', stored: stored.slice(0, 1) });
    expect(report).toEqual({
      apiVersion: '1.4.0',
      engines: [{ plugin: 'acme-glossary', version: '1.0.0', engine: '^1.0.0', compatible: true }],
      configs: [],
      ok: true,
    });
  });

  it('names the plugins whose engine range excludes a new plugin API', () => {
    const report = compatibilityReport({ installed: [glossary], apiVersion: '2.0.0', stored: [] });
    expect(report.engines).toEqual([{ plugin: 'acme-glossary', version: '1.0.0', engine: '^1.0.0', compatible: false }]);
    expect(report.ok).toBe(false);
  });

  it("lists, field by field, the organisations' stored configs a candidate version's schema refuses", () => {
    const candidate: PluginManifest = {
      ...glossary,
      version: '2.0.0',
      engine: '^1.0.0 || ^2.0.0',
      configSchema: {
        type: 'object',
        properties: { separator: { type: 'string', enum: [',', ';'] }, locale: { type: 'string' } },
        required: ['locale'],
        additionalProperties: false,
      },
    };
    const report = compatibilityReport({ installed: [glossary], apiVersion: '2.0.0', candidate, stored });
    expect(report.engines).toEqual([{ plugin: 'acme-glossary', version: '2.0.0', engine: '^1.0.0 || ^2.0.0', compatible: true }]);
    expect(report.configs.map((c) => [c.tenantId, c.fields.map((f) => f.field).sort()])).toEqual([
      ['t1', ['/config/locale']],
      ['t2', ['/config/locale', '/config/quote']],
    ]);
    expect(report.ok).toBe(false);
  });
});
