import type { Resource } from '../../graph/resource';
import { setterOf } from '../../graph/resource';
import type { Literal, Spelling } from '../../graph/spelling';
import type { Prop } from './mapping-table';
import { MAPPINGS, PATCHES } from './mapping-table';
import { bypassList, enabledDisabled } from './mapping-convert';

export interface TfTarget {
  /** Attribute path through nested blocks, e.g. `network_profile.service_cidr`. */
  tf: string;
  /** How the value is converted between the languages: `other` conversions have no literal form here. */
  conversion: 'none' | 'enabledDisabled' | 'bypassList' | 'other';
  /** The ARM value as Terraform writes it (publicNetworkAccess 'Disabled' → false); undefined when it has no such form. */
  toTf: (value: Literal) => Literal | Literal[] | undefined;
}

/**
 * The azurerm attribute behind an ARM body path, through the mapping table. `tfType` is the
 * resource type (`azurerm_kubernetes_cluster`) or, for a nested block that is a resource of its own,
 * `type.block` (`azurerm_private_endpoint.private_dns_zone_group`).
 */
export function tfTarget(tfType: string, armPath: string): TfTarget | undefined {
  const prop = propsOf(tfType).find((p) => p.arm.toLowerCase() === armPath.toLowerCase());
  if (!prop) return undefined;
  if (!prop.convert) return { tf: prop.tf, conversion: 'none', toTf: (v) => v };
  if (prop.convert === enabledDisabled)
    return {
      tf: prop.tf,
      conversion: 'enabledDisabled',
      toTf: (v) => (typeof v === 'string' && /^(enabled|disabled)$/i.test(v) ? /^enabled$/i.test(v) : undefined),
    };
  if (prop.convert === bypassList)
    return {
      tf: prop.tf,
      conversion: 'bypassList',
      toTf: (v) =>
        typeof v === 'string'
          ? v
              .split(',')
              .map((s) => s.trim())
              .filter((s) => s !== '')
          : undefined,
    };
  return { tf: prop.tf, conversion: 'other', toTf: () => undefined };
}

function propsOf(tfType: string): Prop[] {
  const [type, block] = tfType.split('.');
  const mapping = MAPPINGS[type];
  if (!block) return (mapping ?? PATCHES[type])?.props ?? [];
  return mapping?.children?.find((c) => c.block === block)?.props ?? [];
}

/** Terraform names for the ARM paths the mapping table knows; azapi bodies and unmapped paths keep ARM names. */
export const terraformSpelling: Spelling = {
  property: (resource, armPath) => {
    const type = writtenBy(resource, armPath);
    return type ? tfTarget(type, armPath)?.tf : undefined;
  },
  value: (resource, armPath, value) => {
    const type = writtenBy(resource, armPath);
    const target = type ? tfTarget(type, armPath) : undefined;
    if (!target) return undefined;
    const tf = target.toTf(value);
    return tf === undefined ? undefined : hclLiteral(tf);
  },
};

/** The type of the declaration that writes the property: the resource's own, or the one that sets it from outside. */
function writtenBy(resource: Resource, armPath: string): string | undefined {
  return setterOf(resource, armPath)?.sourceType ?? resource.sourceType;
}

/** A literal (or a list of them) as HCL writes it. */
export function hclLiteral(v: Literal | Literal[]): string {
  if (Array.isArray(v)) return `[${v.map((x) => hclLiteral(x)).join(', ')}]`;
  if (typeof v !== 'string') return String(v);
  return JSON.stringify(v).replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');
}
