import { lastNameSegment, readableName } from './readable-name';
import type { SourceSpan } from './span';
import { T, typeNoun } from './types';
import type { ObjectValue } from './value';

export type Language = 'arm' | 'bicep' | 'terraform';

/**
 * One Azure resource of the analysed deployment, whatever language declared it.
 *
 * `body` has the shape of the ARM resource object: `location`, `sku`, `kind`, `identity`, `tags`
 * and `properties`, with ARM property names, so rules read one shape for every language.
 */
export interface Resource {
  /**
   * Canonical resource id. Parts that depend on unknown values appear as their symbols
   * (`{parameters('vnetName')}`), so references built the same way still find the resource;
   * `idKnown` says whether the id is fully determined.
   */
  id: string;
  /** `normalizeId(id)`: the lookup key. */
  key: string;
  idKnown: boolean;
  /** Canonical ARM type, e.g. `Microsoft.Network/virtualNetworks/subnets`. */
  type: string;
  /** Full ARM name, e.g. `vnet1/subnet1`. */
  name: string;
  body: ObjectValue;
  /**
   * `declared`: this deployment creates or updates it, so its body is what Azure will get.
   * `existing`: only referenced (Bicep `existing`, Terraform `data`): its properties are unknown.
   */
  origin: 'declared' | 'existing';
  /** `maybe` when a condition could not be evaluated: rules treat it as unknown, not as present. */
  presence: 'always' | 'maybe';
  presenceReason?: string;
  language: Language;
  /**
   * The type as the source language names it, when that differs from `type`: `azurerm_kubernetes_cluster`,
   * `azapi_resource`, or `azurerm_private_endpoint.private_dns_zone_group` for a nested block. The front end's
   * spelling uses it to name properties as the file does.
   */
  sourceType?: string;
  file: string;
  /** The whole declaration. */
  span: SourceSpan;
  /** Where the name is written; the usual anchor for a finding about the resource as a whole. */
  nameSpan?: SourceSpan;
  /**
   * How the source refers to it: Bicep symbol, Terraform address (`azurerm_subnet.aks`), ARM
   * symbolic name or the name expression. Fix writers use it to write references.
   */
  symbol: string;
  /** The key of the parent resource for child resources (`subnets` → its VNet). */
  parentKey?: string;
  /** Resource declared inline in its parent's body (a VNet's `properties.subnets[]`). */
  inline?: boolean;
  /**
   * For a resource declared in a module or a linked template: the declarations it was reached
   * through (Bicep `module`, Terraform `module` blocks, the ARM deployment that links its template),
   * outermost first. Findings on it add them as related information, since the inputs come from there.
   */
  instantiatedBy?: CallSite[];
  /**
   * Other declarations that set some of its properties (a Terraform `azurerm_storage_account_network_rules`
   * sets the account's firewall): messages name such a property, and fixes edit it, where it is written.
   */
  setBy?: PropertySetter[];
}

/** A declaration that writes some properties of a resource declared elsewhere. */
export interface PropertySetter {
  /** Its type as the source language names it. */
  sourceType: string;
  file: string;
  span: SourceSpan;
  /** The ARM body paths it sets. */
  paths: string[];
}

/** The declaration that writes the property at `armPath` of `r`, when that is not `r` itself. */
export function setterOf(r: Resource, armPath: string): PropertySetter | undefined {
  const wanted = armPath.toLowerCase();
  return r.setBy?.find((s) => s.paths.some((p) => p.toLowerCase() === wanted));
}

/** Where another file deploys this one (a `module` block, a linked-template deployment). */
export interface CallSite {
  span: SourceSpan;
  message: string;
}

/** "storage account 'stmlprod'" (ARM, Bicep) or "storage account azurerm_storage_account.ml" — how messages name a resource. */
export function describe(r: Resource, noun: (type: string) => string = typeNoun): string {
  if (r.language !== 'terraform') return `${noun(r.type)} '${readableName(lastNameSegment(r.name), r.language)}'`;
  // A module call is a deployment in the graph; its address (`module.net`) already says what it is.
  if (r.type.toLowerCase() === T.deployment.toLowerCase()) return r.symbol;
  return `${noun(r.type)} ${r.symbol}`;
}

/**
 * Why what this deployment says about a resource is not all there is: it is declared elsewhere (a
 * Terraform data source, an ARM/Bicep `existing` reference), or it may not be deployed at all.
 */
export function unsettledReason(r: Resource): string {
  const what = describe(r);
  if (r.origin === 'existing')
    return r.language === 'terraform'
      ? `${what} is declared outside this configuration (data source)`
      : `${what} is declared outside this template (existing resource)`;
  return r.presenceReason ? `${what} may not be deployed: ${r.presenceReason}` : `${what} may not be deployed`;
}

/** A resource this deployment certainly creates, so what its body and children say is all there is to know. */
export function settled(r: Resource): boolean {
  return r.origin === 'declared' && r.presence === 'always';
}
