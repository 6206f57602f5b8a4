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
  /** ISO date `YYYY-MM-DD` the approver approved it (required by the waiver schema; absent in runs stored before the register). */
  readonly approvedOn?: string;
  /** Ticket or change reference (`SEC-1234`). */
  readonly reference?: string;
  /** The organisation's risk rating (`low`, `medium`, `high`, `critical`). */
  readonly riskRating?: string;
  /** What reduces the risk meanwhile. */
  readonly compensatingControl?: string;
}

export interface WaiverOutcome {
  readonly applied: readonly { readonly waiver: Waiver; readonly findings: number }[];
  /** Waivers past their expiry: they no longer apply and are listed so the report can say so. */
  readonly expired: readonly Waiver[];
}
