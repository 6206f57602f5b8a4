/**
 * Framework ids that were renamed. The old id stays accepted wherever a framework id comes in (flags, config files,
 * attestations, runs stored before the rename), so old commands and databases keep working; new runs and new
 * attestations record the current id.
 *
 * `pci-dss-4.0` → `pci-dss-4.0.1`: the PCI SSC retired v4.0 on 31 December 2024 in favour of v4.0.1, which changed no
 * requirement id kubevidence maps. The alias is deprecated and will be removed in a later major version.
 */
export const DEPRECATED_FRAMEWORK_ALIASES: Readonly<Record<string, string>> = Object.freeze({
  'pci-dss-4.0': 'pci-dss-4.0.1',
});

/** The current id for a framework id that may be a deprecated alias. */
export function canonicalFrameworkId(id: string): string {
  return Object.hasOwn(DEPRECATED_FRAMEWORK_ALIASES, id) ? (DEPRECATED_FRAMEWORK_ALIASES[id] as string) : id;
}

/** Whether two framework ids name the same framework (one may be a deprecated alias of the other). */
export function isSameFramework(a: string, b: string): boolean {
  return canonicalFrameworkId(a) === canonicalFrameworkId(b);
}

/** The id and every deprecated alias of it, current id first: what stored rows of that framework may carry. */
export function frameworkIdFamily(id: string): string[] {
  const canonical = canonicalFrameworkId(id);
  return [canonical, ...Object.keys(DEPRECATED_FRAMEWORK_ALIASES).filter((alias) => DEPRECATED_FRAMEWORK_ALIASES[alias] === canonical)];
}

/** A one-line note for a deprecated alias, or null when the id is current. */
export function deprecationNoteFor(id: string): string | null {
  const canonical = canonicalFrameworkId(id);
  return canonical === id ? null : `framework id '${id}' is deprecated; use '${canonical}' (the old id is still accepted)`;
}
