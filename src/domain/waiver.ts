/** An accepted risk, from the user's waivers YAML file. */
export interface Waiver {
  /** `<file>:<line>` of the entry, stable enough to name it in reports. */
  readonly id: string;
  readonly check: string;
  readonly selector: {
    readonly namespace?: string;
    readonly kind?: string;
    /** Exact name, or a glob with `*`. */
    readonly name?: string;
    readonly labels?: Readonly<Record<string, string>>;
  };
  readonly justification: string;
  readonly approver: string;
  /** ISO date `YYYY-MM-DD`; the waiver applies through the end of that day (UTC). */
  readonly expires: string;
}

export interface WaiverOutcome {
  readonly applied: readonly { readonly waiver: Waiver; readonly findings: number }[];
  /** Waivers past their expiry: they no longer apply and are listed so the report can say so. */
  readonly expired: readonly Waiver[];
}
