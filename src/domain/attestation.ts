/** Manual evidence for one requirement: who vouched for it, when, and what they attached. */
export interface Attestation {
  readonly id: string;
  readonly framework: string;
  readonly requirement: string;
  /** `Name <mail>` */
  readonly by: string;
  readonly note: string;
  readonly createdAt: string;
  /** ISO date; null = does not expire. */
  readonly expiresAt: string | null;
  readonly files: readonly AttachedFile[];
}

export interface AttachedFile {
  readonly name: string;
  readonly sha256: string;
  readonly size: number;
}
